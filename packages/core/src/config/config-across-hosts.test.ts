import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SECRET_MASK, type ConfigSectionName } from '@studio/shared';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { allMigrations } from '../all-migrations';
import { DomainError } from '../errors/domain-error';
import type { BusEvent } from '../events/event-bus';
import type { EventBus } from '../events/event-bus';
import { InMemoryEventBus } from '../events/in-memory-event-bus';
import { RedisEventBus } from '../events/redis-event-bus';
import type { StudioTopics } from '../events/topics';
import { createConsoleLogger } from '../logger';
import type { Sql } from '../store/sql';
import { testDatabases } from '../store/test-support/dialects';
import { uniqueRedisPrefix } from '../store/test-support/postgres';
import { ConfigHistory } from './config-history';
import { ConfigService } from './config-service';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const databases = testDatabases(allMigrations, 'cfghosts');
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => databases.closeAll());

interface Host {
  config: ConfigService;
  dir: string;
  events: BusEvent<StudioTopics['config-change']>[];
  file(section: ConfigSectionName): string;
}

/** One host: its own folder, database pool and bus connection, on the shared PostgreSQL and Redis. */
async function host(db: Sql, bus: EventBus, options: { dir?: string; watch?: boolean } = {}): Promise<Host> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'studio-host-'));
  if (!options.dir) cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const events: BusEvent<StudioTopics['config-change']>[] = [];
  cleanups.push(bus.subscribe('config-change', (event) => events.push(event)));
  const config = new ConfigService({
    dir,
    db,
    bus,
    logger: createConsoleLogger('silent'),
    debounceMs: 30,
    watch: options.watch,
  });
  await config.start();
  cleanups.push(() => config.stop());
  return { config, dir, events, file: (section) => readFileSync(join(dir, `${section}.yaml`), 'utf8') };
}

async function redisBus(prefix: string): Promise<RedisEventBus> {
  const bus = await RedisEventBus.connect({ url: redisUrl, prefix });
  cleanups.push(() => bus.close());
  return bus;
}

/** Two hosts sharing PostgreSQL and Redis, each with a folder of its own. */
async function twoHosts(): Promise<{ a: Host; b: Host; db: Sql }> {
  const db = await databases.open('postgres');
  const prefix = uniqueRedisPrefix();
  const a = await host(db, await redisBus(prefix));
  const b = await host(await databases.openPeer(db), await redisBus(prefix));
  return { a, b, db };
}

describe('configuration across hosts with no shared folder', () => {
  it('gives a host starting with an empty folder the configuration in the database, and mirrors it', async () => {
    const db = await databases.open('postgres');
    const prefix = uniqueRedisPrefix();
    const a = await host(db, await redisBus(prefix));
    const updated = await a.config.update({ section: 'context', values: { chunk_size: 1500, retrieval_k: 4 } });

    const b = await host(await databases.openPeer(db), await redisBus(prefix));
    expect(b.config.section('context')).toMatchObject({ chunk_size: 1500, retrieval_k: 4 });
    expect(b.config.version('context')).toBe(updated.version);
    expect(b.file('context')).toContain('chunk_size: 1500');
    expect(b.file('context')).toContain(`version ${updated.version}.`);
    expect(await new ConfigHistory(db).list('context')).toHaveLength(2);
  });

  it('applies a hand edit on one host everywhere as one new version, with no echo from the rewritten mirrors', async () => {
    const { a, b, db } = await twoHosts();
    const before = a.config.version('planner');
    writeFileSync(join(a.dir, 'planner.yaml'), 'max_tasks_per_request: 3\n');

    await vi.waitFor(() => expect(b.file('planner')).toContain('max_tasks_per_request: 3'), { timeout: 5000 });
    expect(b.config.section('planner').max_tasks_per_request).toBe(3);
    expect(b.config.version('planner')).toBe(before + 1);
    // Both mirrors were rewritten and watched; re-reading them records nothing more.
    expect(await a.config.reload()).toEqual({ reloaded: true, sections: [] });
    expect(await b.config.reload()).toEqual({ reloaded: true, sections: [] });
    const history = await new ConfigHistory(db).list('planner');
    expect(history.map((version) => [version.version, version.source])).toEqual([
      [before, 'reload'],
      [before + 1, 'file'],
    ]);
    const announced = (events: Host['events']) =>
      events.filter((event) => event.data.section === 'planner' && 'version' in event.data).length;
    expect(announced(a.events)).toBe(1);
    expect(announced(b.events)).toBe(1);
    expect(a.file('planner')).toContain(`version ${before + 1}.`);
  });

  it('refuses an invalid hand edit on its host and changes nothing anywhere', async () => {
    const { a, b, db } = await twoHosts();
    const versions = (await new ConfigHistory(db).list('memory')).length;
    writeFileSync(join(b.dir, 'memory.yaml'), 'similarity_threshold: 7\n');
    await vi.waitFor(() => expect(a.events.some((event) => 'error' in event.data)).toBe(true), { timeout: 5000 });
    expect(a.config.section('memory').similarity_threshold).toBe(0.7);
    expect(b.config.section('memory').similarity_threshold).toBe(0.7);
    expect(await new ConfigHistory(db).list('memory')).toHaveLength(versions);
  });

  it('keeps expectedVersion conflicts and secret masking across hosts', async () => {
    const { a, b } = await twoHosts();
    const version = b.config.version('tools');
    const server = {
      name: 'search',
      transport: 'http' as const,
      url: 'http://127.0.0.1:1/mcp',
      args: [],
      env: {},
      timeout_seconds: 30,
      enabled: false,
      headers: { Authorization: 'Bearer s3cret' },
    };
    const updated = await a.config.update({ section: 'tools', values: { mcp_servers: [server] } });
    expect(updated.version).toBe(version + 1);
    const caught = await b.config
      .update({ section: 'tools', values: { mcp_servers: [] }, expectedVersion: version })
      .catch((error: unknown) => error);
    expect(DomainError.isInstance(caught) && caught.code).toBe('CONFIG_VERSION_CONFLICT');

    await vi.waitFor(() => expect(b.config.version('tools')).toBe(updated.version), { timeout: 5000 });
    expect(b.config.section('tools').mcp_servers[0]?.headers).toEqual({ Authorization: 'Bearer s3cret' });
    expect(b.config.get().tools.mcp_servers[0]?.headers).toEqual({ Authorization: SECRET_MASK });
    const announced = b.events.find((event) => event.data.section === 'tools' && 'version' in event.data);
    expect(JSON.stringify(announced?.data)).not.toContain('s3cret');
    // The UI sends the mask back: the secret stays in force on every host.
    const patched = await b.config.update({
      section: 'tools',
      values: { mcp_servers: [{ ...server, enabled: false, headers: { Authorization: SECRET_MASK } }] },
      expectedVersion: updated.version,
    });
    await vi.waitFor(() => expect(a.config.version('tools')).toBe(patched.version), { timeout: 5000 });
    expect(a.config.section('tools').mcp_servers[0]?.headers).toEqual({ Authorization: 'Bearer s3cret' });
  });

  it('lays a hand edit made on a host that missed a newer version on top of it, as a patch', async () => {
    const db = await databases.open('postgres');
    const a = await host(db, await redisBus(uniqueRedisPrefix()));
    // B hears nothing from A (its own bus) and does not watch: it is behind until it re-reads its mirror.
    const b = await host(await databases.openPeer(db), new InMemoryEventBus(), { watch: false });
    await a.config.update({ section: 'context', values: { chunk_size: 1500 } });
    writeFileSync(join(b.dir, 'context.yaml'), b.file('context').replace(/retrieval_k: \d+/, 'retrieval_k: 9'));
    expect(await b.config.reload()).toEqual({ reloaded: true, sections: ['context'] });
    expect(b.config.section('context')).toMatchObject({ chunk_size: 1500, retrieval_k: 9 });
    const latest = await new ConfigHistory(db).latest('context');
    expect(latest).toMatchObject({ source: 'reload', values: { chunk_size: 1500, retrieval_k: 9 } });
    expect(latest?.version).toBe(b.config.version('context'));
  });

  it('on restart, replaces a stale mirror with the database and records a hand edit made while down', async () => {
    const db = await databases.open('postgres');
    const prefix = uniqueRedisPrefix();
    const a = await host(db, await redisBus(prefix));
    const peer = await databases.openPeer(db);
    const dir = mkdtempSync(join(tmpdir(), 'studio-host-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = await host(peer, await redisBus(prefix), { dir, watch: false });
    await first.config.stop();

    // Down: another host changes the orchestrator section; this host's orchestrator mirror is stale.
    const updated = await a.config.update({ section: 'orchestrator', values: { max_iterations: 8 } });
    // Down: someone edits this host's planner mirror, which was written from the latest planner version.
    writeFileSync(
      join(dir, 'planner.yaml'),
      first.file('planner').replace(/max_tasks_per_request: \d+/, 'max_tasks_per_request: 2'),
    );

    const again = await host(peer, await redisBus(prefix), { dir, watch: false });
    expect(again.config.section('orchestrator').max_iterations).toBe(8);
    expect(again.config.version('orchestrator')).toBe(updated.version);
    expect(again.file('orchestrator')).toContain('max_iterations: 8');
    expect(again.config.section('planner').max_tasks_per_request).toBe(2);
    await vi.waitFor(() => expect(a.config.section('planner').max_tasks_per_request).toBe(2), { timeout: 5000 });
    expect((await new ConfigHistory(db).list('orchestrator')).map((version) => version.source)).toEqual([
      'reload',
      'api',
    ]);
  });
});
