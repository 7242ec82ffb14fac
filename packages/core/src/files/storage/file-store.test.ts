import { afterAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../store/sql';
import { filesMigrations } from './files-migrations';
import { createKeywordIndex } from '../search/create-keyword-index';
import { FileStore } from './file-store';
import { DIALECTS, testDatabases, type Dialect } from '../../store/test-support/dialects';

const databases = testDatabases(filesMigrations, 'files');
afterAll(() => databases.closeAll());

const T0 = '2030-01-01T00:00:00.000Z';
const T1 = '2030-01-01T00:00:01.000Z';
const T2 = '2030-01-01T00:00:02.000Z';
const T9 = '2030-01-01T00:00:09.000Z';

async function setup(dialect: Dialect, ids: string[] = ['a', 'b', 'c']) {
  const db = await databases.open(dialect);
  const store = new FileStore(db);
  for (const [index, id] of ids.entries()) {
    // Distinct creation times, so list order is known; all queued at T0.
    const createdAt = `2030-01-01T00:00:00.00${index}Z`;
    await store.insertWithJob(
      { id, name: `${id}.txt`, size: 10 + index, mimeType: 'text/plain', type: 'txt', createdAt },
      T0,
    );
  }
  return { db, store };
}

describe.each(DIALECTS)('FileStore on %s', (dialect) => {
  it('records files with a queued job and pages them newest first', async () => {
    const { store } = await setup(dialect);
    expect(await store.get('b')).toMatchObject({
      id: 'b',
      name: 'b.txt',
      size: 11,
      status: 'pending',
      stage: 'queued',
      progress: 0,
      chunkCount: 0,
    });
    expect(await store.get('missing')).toBeUndefined();
    expect((await store.list({ limit: 2 })).map((file) => file.id)).toEqual(['c', 'b']);
    expect((await store.list({ limit: 2, cursor: 'b' })).map((file) => file.id)).toEqual(['a']);
    expect(await store.list({ limit: 5, status: 'completed' })).toEqual([]);
    expect(await store.allIds()).toEqual(new Set(['a', 'b', 'c']));
  });

  it('claims the oldest waiting job once, skipping excluded ones, and counts attempts', async () => {
    const { store } = await setup(dialect);
    const first = await store.jobs.claimNext(T1, new Set());
    expect(first).toMatchObject({ file: { id: 'a', status: 'processing', stage: 'queued' }, attempts: 1 });
    expect((await store.jobs.claimNext(T1, new Set(['b'])))?.file.id).toBe('c');
    expect((await store.jobs.claimNext(T1, new Set()))?.file.id).toBe('b');
    expect(await store.jobs.claimNext(T1, new Set())).toBeUndefined();
    expect(await store.jobs.hasWaitingJobs()).toBe(false);

    await store.jobs.release('a', T2);
    expect(await store.get('a')).toMatchObject({ status: 'pending', stage: 'queued' });
    expect(await store.jobs.claimNext(T2, new Set())).toMatchObject({ file: { id: 'a' }, attempts: 2 });
  });

  it('defers a job until it is due, completes and fails files', async () => {
    const { store } = await setup(dialect);
    await store.jobs.claimNext(T1, new Set());
    await store.jobs.defer('a', T9, T1);
    expect(await store.jobs.nextDueAt()).toBe(T0);
    expect((await store.jobs.claimNext(T1, new Set()))?.file.id).toBe('b');
    expect((await store.jobs.claimNext(T1, new Set()))?.file.id).toBe('c');
    expect(await store.jobs.claimNext(T1, new Set())).toBeUndefined();
    expect(await store.jobs.nextDueAt()).toBe(T9);
    expect(await store.jobs.hasWaitingJobs()).toBe(true);

    expect(await store.complete('b', { chunkCount: 4, pageCount: 2, indexName: 'idx' }, T2)).toBe(true);
    expect(await store.get('b')).toMatchObject({
      status: 'completed',
      stage: 'done',
      progress: 100,
      chunkCount: 4,
      pageCount: 2,
      indexName: 'idx',
    });
    await store.fail('c', { code: 'NO_TEXT', message: 'no text' }, T2);
    expect(await store.get('c')).toMatchObject({
      status: 'failed',
      stage: 'failed',
      error: { code: 'NO_TEXT', message: 'no text' },
    });
    // Neither holds a job any more: only the deferred one is left.
    expect(await store.jobs.startedJobs()).toEqual([]);
    expect((await store.jobs.claimNext(T9, new Set()))?.file.id).toBe('a');
  });

  it('finds started jobs whose lease lapsed, and requeues files of another vector index', async () => {
    const { store } = await setup(dialect);
    await store.jobs.claimNext(T0, new Set());
    await store.jobs.claimNext(T1, new Set());
    expect((await store.jobs.startedJobs()).map((job) => job.fileId).sort()).toEqual(['a', 'b']);
    expect(await store.jobs.startedJobs(T1)).toEqual([{ fileId: 'a', attempts: 1 }]);
    await store.jobs.heartbeat(['a'], T2);
    expect(await store.jobs.startedJobs(T2)).toEqual([{ fileId: 'b', attempts: 1 }]);

    await store.complete('a', { chunkCount: 1, indexName: 'old' }, T2);
    expect(await store.requeueStale('new', T2)).toBe(1);
    expect(await store.get('a')).toMatchObject({ status: 'pending', stage: 'queued' });
    expect(await store.requeueStale('new', T2)).toBe(0);
  });

  it('indexes chunks with the file’s completion in one transaction, and a delete takes both away', async () => {
    const { db, store } = await setup(dialect);
    const keywords = createKeywordIndex(db);
    const chunks = [
      { position: 0, text: 'Replace gasket GS-2 yearly.', page: 1 },
      { position: 1, text: 'Gasket GS-3 fits the outlet.', page: 2 },
    ];
    await expect(
      db.transaction(async () => {
        await keywords.replaceFileChunks('a', chunks);
        throw new Error('crash before completion');
      }),
    ).rejects.toThrow('crash before completion');
    expect(await keywords.hasChunks()).toBe(false);

    await db.transaction(async () => {
      expect(await store.lock('a')).toBe(true);
      await keywords.replaceFileChunks('a', chunks);
      await store.complete('a', { chunkCount: 2, indexName: 'idx' }, T1);
    });
    expect((await keywords.search('which gasket is GS-2', { limit: 5 }))[0]?.id).toBe('a:0');
    expect(await store.lock('missing')).toBe(false);

    expect(await store.delete('a')).toBe(true);
    expect(await keywords.countFileChunks('a')).toBe(0);
    expect((await store.jobs.startedJobs()).map((job) => job.fileId)).not.toContain('a');
    expect(await store.delete('a')).toBe(false);
  });

  it('leaves words found in most of a large index to the vectors, but never a code', async () => {
    const { db } = await setup(dialect, ['big']);
    const keywords = createKeywordIndex(db);
    const chunks = Array.from({ length: 1600 }, (_, position) => ({
      position,
      text: `Pump log entry ${position}: pump ran fine, code PX-${position}.`,
    }));
    await keywords.replaceFileChunks('big', chunks);
    // PostgreSQL's counterpart of fts5vocab is the planner's statistics, which ANALYZE writes.
    if (dialect === 'postgres') await db.exec('ANALYZE file_chunks');
    expect(await keywords.search('pump', { limit: 5 })).toEqual([]);
    expect((await keywords.search('pump PX-1234', { limit: 5 }))[0]?.id).toBe('big:1234');
  });
});

describe('FileStore on postgres with several processes', () => {
  async function peers(): Promise<{ db: Sql; store: FileStore; peer: Sql; peerStore: FileStore }> {
    const { db, store } = await setup('postgres', ['a', 'b', 'c', 'd', 'e', 'f']);
    const peer = await databases.openPeer(db);
    return { db, store, peer, peerStore: new FileStore(peer) };
  }

  it('claimNext skips a job another process holds locked instead of waiting for it', async () => {
    const { store, peer } = await peers();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = peer.transaction(async () => {
      await peer.get('SELECT file_id FROM file_jobs WHERE file_id = ? FOR UPDATE', ['a']);
      locked();
      await held;
    });
    await isLocked;
    try {
      expect((await store.jobs.claimNext(T1, new Set()))?.file.id).toBe('b');
    } finally {
      release();
      await holder;
    }
    expect((await store.jobs.claimNext(T1, new Set()))?.file.id).toBe('a');
  });

  it('two processes claiming at once never take the same job', async () => {
    const { store, peerStore } = await peers();
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, index) => (index % 2 === 0 ? store : peerStore).jobs.claimNext(T1, new Set())),
    );
    const claimed = claims.flatMap((claim) => (claim ? [claim.file.id] : []));
    expect(claimed.sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });
});
