import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allMigrations } from '../all-migrations';
import { ConfigService } from '../config/config-service';
import { HashingEmbedder } from '../embedding/hashing-embedder';
import { InMemoryEventBus } from '../events/in-memory-event-bus';
import { ManagedChroma } from '../files/storage/chroma/chroma-server';
import { createConsoleLogger } from '../logger';
import { openDatabase } from '../store/database';
import type { Sql } from '../store/sql';
import { WorkTracker } from '../work-tracker';
import { createMemoryManager } from './create-memory-manager';
import type { MemoryManager } from './memory-manager';

/**
 * Two Memory Managers standing for two server processes: one database, one Chroma, one Redis, each its
 * own data folder. Captures for one user must run one at a time across both, not only within each.
 */
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `studio-memlock-${randomBytes(4).toString('hex')}`;
const logger = createConsoleLogger('silent');
const root = mkdtempSync(join(tmpdir(), 'studio-memory-processes-'));
const chroma = new ManagedChroma(join(root, 'chroma'), logger);
const databases: Sql[] = [];
const configs: ConfigService[] = [];
let managers: MemoryManager[] = [];

async function openProcess(name: string): Promise<MemoryManager> {
  const dataDir = join(root, name);
  const db = await openDatabase({ file: join(root, 'shared.db') }, allMigrations);
  databases.push(db);
  const config = new ConfigService({
    dir: join(dataDir, 'config'),
    db,
    bus: new InMemoryEventBus(),
    logger,
    watch: false,
  });
  await config.start();
  configs.push(config);
  return createMemoryManager({
    dataDir,
    db,
    config,
    embedder: new HashingEmbedder(),
    logger,
    work: new WorkTracker(),
    chroma,
    redis: { url: redisUrl, prefix },
  });
}

beforeAll(async () => {
  managers = [await openProcess('a'), await openProcess('b')];
}, 60_000);

afterAll(async () => {
  for (const manager of managers) await manager.close(500);
  for (const config of configs) await config.stop();
  for (const db of databases) await db.close();
  await chroma.stop();
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  rmSync(root, { recursive: true, force: true });
});

describe('memory captures across processes', () => {
  it('captures one user one turn at a time on both, so a fact is stored once', async () => {
    const [a, b] = managers;
    if (!a || !b) throw new Error('no managers');
    // The same statement reaches both processes at once (two tabs, two answers): read, merge, write
    // steps interleaved across processes would store the name twice, or collide on its slot.
    const turns = Array.from({ length: 4 }, (_, index) => ({
      userId: 'ada',
      sessionId: `session-${index}`,
      userMessage: 'My name is Ada Lovelace.',
      assistantReply: 'Nice to meet you, Ada.',
    }));
    const outcomes = await Promise.all(turns.map((turn, index) => (index % 2 === 0 ? a : b).capture(turn)));
    expect(outcomes.flatMap((outcome) => outcome.added)).toHaveLength(1 + turns.length);
    const profile = await b.list({ userId: 'ada', type: 'profile' });
    expect(profile.items).toHaveLength(1);
    expect(profile.items[0]?.content).toContain('Ada Lovelace');
    // Either process sees the other's memories: they share the vectors and the index.
    const { hits } = await a.search({ query: 'what is my name', userId: 'ada', type: 'profile' });
    expect(hits.map((hit) => hit.id)).toEqual([profile.items[0]?.id]);
  });
});
