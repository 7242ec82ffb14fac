import type { ErrorInfo } from '@studio/shared';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createConsoleLogger } from '../../logger';
import { WorkTracker } from '../../work-tracker';
import { BullmqIngestionQueue } from './bullmq-ingestion-queue';
import type { IngestionRunner } from './ingestion-queue';
import { filesMigrations } from '../storage/files-migrations';
import { FileStore, type StoredFile } from '../storage/file-store';
import { testDatabases } from '../../store/test-support/dialects';
import { uniqueRedisPrefix } from '../../store/test-support/postgres';

const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const databases = testDatabases(filesMigrations, 'bullmq');
const queues: BullmqIngestionQueue[] = [];
afterAll(async () => {
  for (const queue of queues) await queue.stop();
  await databases.closeAll();
});

const now = () => new Date().toISOString();

/** A pipeline that completes files (or defers each once, when asked); records which process ran what. */
class RecordingPipeline implements IngestionRunner {
  readonly ran: string[] = [];
  readonly failed: string[] = [];
  deferOnce = new Set<string>();

  constructor(private readonly store: FileStore) {}

  async run(file: StoredFile, _signal: AbortSignal, attempt: number): Promise<string> {
    this.ran.push(`${file.id}#${attempt}`);
    if (this.deferOnce.delete(file.id)) {
      await this.store.jobs.defer(file.id, new Date(Date.now() + 300).toISOString(), now());
      return 'deferred';
    }
    await this.store.complete(file.id, { chunkCount: 1, indexName: 'idx' }, now());
    return 'done';
  }

  async fail(fileId: string, _error: ErrorInfo): Promise<void> {
    this.failed.push(fileId);
    await this.store.fail(fileId, _error, now());
  }
}

/** Two processes: their own connection pools to one PostgreSQL schema, one Redis prefix. */
async function twoProcesses(concurrency: [number, number]) {
  const prefix = uniqueRedisPrefix();
  const dbA = await databases.open('postgres');
  const dbB = await databases.openPeer(dbA);
  const make = (store: FileStore, count: number) => {
    const pipeline = new RecordingPipeline(store);
    const queue = new BullmqIngestionQueue({
      store: store.jobs,
      pipeline,
      work: new WorkTracker(),
      logger: createConsoleLogger('silent'),
      now,
      redis: { url: REDIS, prefix },
      concurrency: count,
    });
    queues.push(queue);
    return { store, pipeline, queue };
  };
  return { a: make(new FileStore(dbA), concurrency[0]), b: make(new FileStore(dbB), concurrency[1]) };
}

async function addFile(store: FileStore, id: string): Promise<void> {
  await store.insertWithJob(
    { id, name: `${id}.txt`, size: 1, mimeType: 'text/plain', type: 'txt', createdAt: now() },
    now(),
  );
}

describe('BullmqIngestionQueue (two processes on PostgreSQL and Redis)', () => {
  it('runs on B the files A accepted, each once, and retries a deferred file after its delay', async () => {
    const { a, b } = await twoProcesses([0, 2]);
    await a.queue.start();
    await b.queue.start();
    b.pipeline.deferOnce.add('f2');
    for (const id of ['f1', 'f2', 'f3']) await addFile(a.store, id);
    // Every process notifies after an upload; duplicates must not run twice.
    a.queue.notify();
    b.queue.notify();
    await vi.waitFor(
      async () => expect((await a.store.list({ limit: 10 })).every((file) => file.status === 'completed')).toBe(true),
      {
        timeout: 10_000,
        interval: 50,
      },
    );
    expect(a.pipeline.ran).toEqual([]);
    expect(b.pipeline.ran.sort()).toEqual(['f1#1', 'f2#1', 'f2#2', 'f3#1']);
    await a.queue.idle();
  });

  it('on start, puts back in line a started job whose BullMQ job was lost', async () => {
    const { a, b } = await twoProcesses([0, 1]);
    await addFile(a.store, 'lost');
    // Started by a process whose Redis data is gone: no BullMQ job holds it.
    await a.store.jobs.claim('lost', now());
    await b.queue.start();
    await vi.waitFor(async () => expect(await a.store.get('lost')).toMatchObject({ status: 'completed' }), {
      timeout: 10_000,
      interval: 50,
    });
    expect(b.pipeline.ran).toEqual(['lost#2']);
  });
});
