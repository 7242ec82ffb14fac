import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allMigrations } from '../all-migrations';
import { HashingEmbedder } from '../embedding/hashing-embedder';
import { ManagedChroma } from '../files/storage/chroma/chroma-server';
import { createConsoleLogger } from '../logger';
import { openDatabase } from '../store/database';
import type { Sql } from '../store/sql';
import { importLegacyMem0Files } from './legacy-mem0-files';
import { Mem0ChromaClient } from './mem0-chroma-client';
import { Mem0MemoryStore } from './mem0-memory-store';

const logger = createConsoleLogger('silent');
const embedder = new HashingEmbedder();
const dir = mkdtempSync(join(tmpdir(), 'studio-mem0-chroma-'));
const chroma = new ManagedChroma(join(dir, 'chroma'), logger);
let db: Sql;
let collectionCount = 0;

const facts = [
  'The boiler service is booked for Thursday.',
  'My sister Ada lives in Lisbon.',
  'The backup runs at 02:00 every night.',
  'Valve VL-3 on the second floor leaks.',
  'I prefer short answers with sources.',
  'The invoice for March was paid late.',
];

function chromaStore(collection = `test-memories-${(collectionCount += 1)}`): Promise<Mem0MemoryStore> {
  return Mem0MemoryStore.create({
    dir: join(dir, 'mem0'),
    embedder,
    chroma: { endpoint: chroma, collection },
    historyDb: db,
  });
}

beforeAll(async () => {
  db = await openDatabase({ file: join(dir, 'studio.db') }, allMigrations);
});

afterAll(async () => {
  await db.close();
  await chroma.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Mem0 on the shared Chroma, history in the studio database', () => {
  it('scores hits with the same cosine similarity as Mem0 SQLite store', async () => {
    const onChroma = await chromaStore();
    const onSqlite = await Mem0MemoryStore.create({ dir: join(dir, 'sqlite'), embedder });
    try {
      const ids = new Map<string, string>();
      for (const content of facts) {
        ids.set(await onChroma.add({ userId: 'u1', content, metadata: { type: 'fact' } }), content);
        await onSqlite.add({ userId: 'u1', content, metadata: { type: 'fact' } });
      }
      const query = 'when does the nightly backup run';
      const viaChroma = await onChroma.search({ query, userId: 'u1', topK: 6, threshold: 0 });
      const viaSqlite = await onSqlite.search({ query, userId: 'u1', topK: 6, threshold: 0 });
      expect(viaChroma[0]?.content).toBe('The backup runs at 02:00 every night.');
      const sqliteSimilarity = new Map(viaSqlite.map((hit) => [hit.content, hit.similarity]));
      for (const hit of viaChroma) {
        expect(ids.get(hit.id)).toBe(hit.content);
        expect(hit.similarity).toBeCloseTo(sqliteSimilarity.get(hit.content) ?? Number.NaN, 4);
      }
      // A cosine threshold means the same on both stores.
      const strict = await onChroma.search({ query: facts[1] ?? '', userId: 'u1', topK: 6, threshold: 0.9 });
      expect(strict.map((hit) => hit.content)).toEqual([facts[1]]);
      expect(await onChroma.search({ query, userId: 'someone-else', topK: 6, threshold: 0 })).toEqual([]);
      // Each user's memories sit in a collection of their own: a search scoped to a user and a type sees
      // only those, and a search over every user merges all of them by similarity.
      const other = await onChroma.add({
        userId: 'u2',
        content: 'The backup runs at 03:00 on Sundays.',
        metadata: { type: 'profile' },
      });
      const scoped = await onChroma.search({ query, userId: 'u2', type: 'profile', topK: 6, threshold: 0 });
      expect(scoped.map((hit) => hit.id)).toEqual([other]);
      expect(await onChroma.search({ query, userId: 'u2', type: 'fact', topK: 6, threshold: 0 })).toEqual([]);
      const everyone = await onChroma.search({ query, topK: 3, threshold: 0 });
      expect(everyone.map((hit) => hit.userId).sort()).toEqual(['u1', 'u1', 'u2']);
      expect(everyone.map((hit) => hit.similarity)).toEqual(
        [...everyone.map((hit) => hit.similarity)].sort((x, y) => y - x),
      );
    } finally {
      await onChroma.close();
      await onSqlite.close();
    }
  });

  it('keeps arrays and objects in metadata, and records history in the database', async () => {
    const store = await chromaStore();
    try {
      const id = await store.add({
        userId: 'u1',
        content: 'A chat of 2 turns about: boilers',
        metadata: { type: 'conversation', topics: ['boilers', 'valves'], detail: { turns: 2 }, note: null },
      });
      await store.update(id, { content: 'A chat of 3 turns about: boilers, valves', metadata: { turns: 3 } });
      expect(await store.get(id)).toMatchObject({
        content: 'A chat of 3 turns about: boilers, valves',
        metadata: { type: 'conversation', topics: ['boilers', 'valves'], detail: { turns: 2 }, note: null, turns: 3 },
      });
      await store.delete(id);
      expect(await store.get(id)).toBeNull();
      expect((await store.history(id)).map((change) => change.action)).toEqual(['ADD', 'UPDATE', 'DELETE']);
      const rows = await db.all<{ action: string }>('SELECT action FROM memory_history WHERE memory_id = ?', [id]);
      expect(rows).toHaveLength(3);
    } finally {
      await store.close();
    }
  });

  it("moves Mem0's old SQLite files into Chroma and the database once", async () => {
    const legacyDir = join(dir, 'legacy');
    const old = await Mem0MemoryStore.create({ dir: legacyDir, embedder });
    const first = await old.add({ userId: 'u1', content: facts[0] ?? '', metadata: { type: 'fact' } });
    const second = await old.add({ userId: 'u2', content: facts[1] ?? '', metadata: { type: 'profile' } });
    await old.update(first, { content: 'The boiler service moved to Friday.' });
    await old.close();

    const collection = 'test-memories-legacy';
    const client = new Mem0ChromaClient(chroma, 'test');
    const target = client.collection(collection);
    expect(await importLegacyMem0Files({ dir: legacyDir, collection: target, embedder, db, logger })).toEqual({
      vectors: 2,
      history: 3,
    });
    expect(existsSync(join(legacyDir, 'vectors.db'))).toBe(false);
    expect(existsSync(join(legacyDir, 'vectors.db.imported'))).toBe(true);
    // A second start finds nothing left to import.
    expect(await importLegacyMem0Files({ dir: legacyDir, collection: target, embedder, db, logger })).toEqual({
      vectors: 0,
      history: 0,
    });
    client.close();

    const store = await chromaStore(collection);
    try {
      expect(await store.get(first)).toMatchObject({ userId: 'u1', content: 'The boiler service moved to Friday.' });
      expect(await store.get(second)).toMatchObject({ userId: 'u2', metadata: { type: 'profile' } });
      const [hit] = await store.search({ query: 'boiler service Friday', userId: 'u1', topK: 1, threshold: 0 });
      expect(hit?.id).toBe(first);
      expect((await store.history(first)).map((change) => change.action)).toEqual(['ADD', 'UPDATE']);
      expect((await store.listAll()).map((item) => item.id).sort()).toEqual([first, second].sort());
    } finally {
      await store.close();
    }
  });
});
