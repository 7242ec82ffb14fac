import type { ErrorInfo } from '@studio/shared';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createConsoleLogger } from '../../logger';
import { WorkTracker } from '../../work-tracker';
import { filesMigrations } from '../storage/files-migrations';
import { FileStore, type StoredFile } from '../storage/file-store';
import { IngestionQueue, type IngestionRunner } from './ingestion-queue';
import { DIALECTS, testDatabases } from '../../store/test-support/dialects';

const databases = testDatabases(filesMigrations, 'queue');
afterAll(() => databases.closeAll());
const queues: IngestionQueue[] = [];
afterEach(() => {
  for (const queue of queues.splice(0)) queue.stop();
});

const LONG_AGO = '2000-01-01T00:00:00.000Z';
const now = () => new Date().toISOString();

/** Completes every file it is given (or holds it until `hold` resolves); records what it ran. */
class RecordingRunner implements IngestionRunner {
  readonly ran: string[] = [];
  readonly failed: { fileId: string; error: ErrorInfo }[] = [];
  hold?: Promise<void>;

  constructor(private readonly store: FileStore) {}

  async run(file: StoredFile): Promise<string> {
    this.ran.push(file.id);
    await this.hold;
    await this.store.complete(file.id, { chunkCount: 1, indexName: 'idx' }, now());
    return 'done';
  }

  async fail(fileId: string, error: ErrorInfo): Promise<void> {
    this.failed.push({ fileId, error });
    await this.store.fail(fileId, error, now());
  }
}

function queueOn(
  store: FileStore,
  runner: IngestionRunner,
  options: { leaseMs?: number; concurrency?: number; now?: () => string } = {},
): IngestionQueue {
  const queue = new IngestionQueue({
    store: store.jobs,
    pipeline: runner,
    work: new WorkTracker(),
    logger: createConsoleLogger('silent'),
    now,
    ...options,
  });
  queues.push(queue);
  return queue;
}

async function addFiles(store: FileStore, ids: string[], queuedAt = LONG_AGO): Promise<void> {
  for (const id of ids)
    await store.insertWithJob(
      { id, name: `${id}.txt`, size: 1, mimeType: 'text/plain', type: 'txt', createdAt: queuedAt },
      queuedAt,
    );
}

describe.each(DIALECTS)('IngestionQueue on %s', (dialect) => {
  it('resumes jobs a dead process started, gives up a repeat offender, and runs the rest', async () => {
    const db = await databases.open(dialect);
    const store = new FileStore(db);
    await addFiles(store, ['crashed', 'offender', 'waiting']);
    // A previous process claimed two jobs long ago and died; one of them had died twice before.
    await store.jobs.claimNext(LONG_AGO, new Set());
    await db.run('UPDATE file_jobs SET started_at = ?, attempts = 3 WHERE file_id = ?', [LONG_AGO, 'offender']);
    const runner = new RecordingRunner(store);
    const queue = queueOn(store, runner, { leaseMs: dialect === 'postgres' ? 60_000 : undefined });
    await queue.start();
    await queue.idle();
    expect(runner.ran.sort()).toEqual(['crashed', 'waiting']);
    expect(runner.failed).toEqual([
      { fileId: 'offender', error: expect.objectContaining({ code: 'INGESTION_CRASHED' }) },
    ]);
    expect(await store.get('crashed')).toMatchObject({ status: 'completed' });
  });

  it('runs at most `concurrency` jobs at once however often it is woken', async () => {
    const db = await databases.open(dialect);
    const store = new FileStore(db);
    await addFiles(store, ['a', 'b', 'c', 'd']);
    const runner = new RecordingRunner(store);
    let open = () => {};
    runner.hold = new Promise((resolve) => (open = resolve));
    const queue = queueOn(store, runner);
    await queue.start();
    for (let index = 0; index < 5; index += 1) queue.notify();
    await vi.waitFor(() => expect(runner.ran).toHaveLength(2));
    expect((await store.jobs.startedJobs()).length).toBe(2);
    open();
    await queue.idle();
    expect(runner.ran.sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('runs a deferred job that fell due between the claim and the wake-up timer', async () => {
    const db = await databases.open(dialect);
    const store = new FileStore(db);
    const due = Date.parse('2030-01-01T00:00:00.000Z');
    await addFiles(store, ['a'], new Date(due).toISOString());
    // Each reading of the clock is 5 ms later: the claim sees the job 1 ms early, the timer 4 ms late.
    let calls = 0;
    const clock = () => new Date(due - 1 + 5 * calls++).toISOString();
    const runner = new RecordingRunner(store);
    const queue = queueOn(store, runner, { now: clock });
    await queue.start();
    await vi.waitFor(() => expect(runner.ran).toEqual(['a']));
  });
});

describe('IngestionQueue on postgres with several processes', () => {
  it('never takes a live peer’s job, and takes a dead peer’s once its lease lapses', async () => {
    const db = await databases.open('postgres');
    const peerDb = await databases.openPeer(db);
    const store = new FileStore(db);
    await addFiles(store, ['live', 'dead']);
    // The live peer claims a job and keeps its lease; the dead peer claimed one and stopped.
    const peerStore = new FileStore(peerDb);
    const peerRunner = new RecordingRunner(peerStore);
    let finishLive = () => {};
    peerRunner.hold = new Promise((resolve) => (finishLive = resolve));
    // One slot, busy with the live job: the peer cannot take the dead job itself.
    const livePeer = queueOn(peerStore, peerRunner, { leaseMs: 400, concurrency: 1 });
    await store.jobs.claimNext(now(), new Set(['live']));
    await livePeer.start();
    await vi.waitFor(() => expect(peerRunner.ran).toEqual(['live']));

    const runner = new RecordingRunner(store);
    const queue = queueOn(store, runner, { leaseMs: 400 });
    const sweeps = vi.spyOn(store.jobs, 'startedJobs');
    await queue.start();
    // Not lapsed yet at start: left alone.
    expect(runner.ran).toEqual([]);
    await vi.waitFor(() => expect(runner.ran).toEqual(['dead']), { timeout: 5_000 });
    // Several lease periods later the live job is still the peer's alone.
    await vi.waitFor(async () => expect(await store.get('dead')).toMatchObject({ status: 'completed' }));
    const sweptBefore = sweeps.mock.calls.length;
    await vi.waitFor(() => expect(sweeps.mock.calls.length).toBeGreaterThanOrEqual(sweptBefore + 6), {
      timeout: 5_000,
    });
    expect(runner.ran).toEqual(['dead']);
    finishLive();
    await livePeer.idle();
    expect(await store.get('live')).toMatchObject({ status: 'completed' });
  });
});
