import { Queue, Worker, type Job } from 'bullmq';
import type { Logger } from '../../logger';
import type { WorkTracker } from '../../work-tracker';
import type { ClaimedJob } from './file-jobs';
import { crashedTooOften, MAX_ATTEMPTS, type IngestionRunner } from './ingestion-queue';

/** BullMQ's lock on a running job; a worker that dies loses it and the job runs elsewhere. */
const LOCK_MS = 15_000;

/** What the BullMQ queue needs of the durable job table (`FileStore`, SQLite or PostgreSQL). */
export interface DispatchedJobStore {
  /** Starts this file's job (whatever its state: BullMQ guarantees one holder); undefined when it has none. */
  claim(fileId: string, now: string): Promise<ClaimedJob | undefined>;
  /** Jobs waiting to run, with when they become due and how often they were started. */
  waitingJobs(): Promise<{ fileId: string; queuedAt: string; attempts: number }[]>;
  /** Jobs started and not finished (by a live worker, or one that died). */
  startedJobs(): Promise<{ fileId: string; attempts: number }[]>;
  release(fileId: string, now: string): Promise<void>;
}

export interface BullmqIngestionQueueDeps {
  store: DispatchedJobStore;
  pipeline: IngestionRunner;
  work: WorkTracker;
  logger: Logger;
  now(): string;
  redis: { url: string; prefix?: string };
  /** Files this process ingests at once; 0 makes it only hand jobs to others. */
  concurrency?: number;
}

/**
 * Ingestion jobs on Redis (BullMQ), for several server processes: any process that accepts an
 * upload enqueues it, whichever has a free worker runs it, and a job whose worker died is taken
 * over when its lock lapses. The `file_jobs` table stays the record of what must be done: jobs are
 * (re)enqueued from it on start and after every deferral, with ids that make duplicates no-ops.
 */
export class BullmqIngestionQueue {
  private readonly queue: Queue;
  private worker?: Worker;
  private readonly running = new Map<string, AbortController>();
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly deps: BullmqIngestionQueueDeps) {
    this.queue = new Queue('ingestion', { connection: connection(deps.redis.url), prefix: prefixOf(deps) });
  }

  async start(): Promise<void> {
    await this.recoverLostJobs();
    await this.enqueueWaiting();
    const concurrency = this.deps.concurrency ?? 2;
    if (concurrency === 0) return;
    this.worker = new Worker(
      'ingestion',
      (job: Job<{ fileId: string }>, _token, signal) => this.process(job.data.fileId, signal),
      {
        connection: connection(this.deps.redis.url),
        prefix: prefixOf(this.deps),
        concurrency,
        lockDuration: LOCK_MS,
        stalledInterval: LOCK_MS,
        maxStalledCount: MAX_ATTEMPTS,
        removeOnComplete: { count: 0 },
        removeOnFail: { count: 100 },
      },
    );
    this.worker.on('error', (error) =>
      this.deps.logger.warn('the ingestion worker lost redis; retrying', { error: String(error) }),
    );
  }

  /** After an upload (or anything that adds waiting jobs): hands them to the workers. */
  notify(): void {
    void this.enqueueWaiting().catch((error: unknown) =>
      this.deps.logger.error('could not enqueue ingestion jobs', { error: String(error) }),
    );
  }

  /** Stops this process's run of a file being deleted (a run elsewhere notices the deletion itself). */
  cancel(fileId: string): void {
    this.running.get(fileId)?.abort(new Error('file deleted'));
  }

  /** Resolves when nothing runs here and no job waits anywhere (tests, benchmarks). */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      void this.checkIdle();
    });
  }

  async stop(): Promise<void> {
    // Runs in flight were aborted by the work tracker's drain and put back in line by the pipeline.
    await this.worker?.close();
    await this.queue.close();
  }

  private async process(fileId: string, signal?: AbortSignal): Promise<void> {
    const claimed = await this.deps.store.claim(fileId, this.deps.now());
    if (!claimed) return; // Done or deleted meanwhile: a duplicate delivery.
    if (claimed.attempts > MAX_ATTEMPTS) {
      await this.deps.pipeline.fail(fileId, crashedTooOften(claimed.attempts - 1));
      return;
    }
    const abort = new AbortController();
    this.running.set(fileId, abort);
    try {
      await this.deps.work.run(`ingest:${fileId}`, (shutdown) =>
        this.deps.pipeline.run(
          claimed.file,
          AbortSignal.any([shutdown, abort.signal, ...(signal ? [signal] : [])]),
          claimed.attempts,
        ),
      );
    } finally {
      this.running.delete(fileId);
      // A deferred or interrupted file is waiting again: enqueue it (with its delay) for any process.
      if (!this.deps.work.isClosing) await this.enqueueWaiting().catch(() => undefined);
      void this.checkIdle();
    }
  }

  /**
   * A started job whose BullMQ job is gone (Redis restarted without its data) would never run
   * again: put it back in line. One BullMQ still holds is left to its lock and stall recovery.
   */
  private async recoverLostJobs(): Promise<void> {
    for (const job of await this.deps.store.startedJobs()) {
      if (!(await this.queue.getJob(jobId(job.fileId, job.attempts - 1))))
        await this.deps.store.release(job.fileId, this.deps.now());
    }
  }

  private async enqueueWaiting(): Promise<void> {
    const now = Date.parse(this.deps.now());
    for (const job of await this.deps.store.waitingJobs()) {
      // One id per (file, attempt): every process enqueueing the same waiting job adds it once.
      await this.queue.add(
        'ingest',
        { fileId: job.fileId },
        {
          jobId: jobId(job.fileId, job.attempts),
          delay: Math.max(0, Date.parse(job.queuedAt) - now),
          removeOnComplete: true,
        },
      );
    }
  }

  private async checkIdle(): Promise<void> {
    if (this.idleWaiters.length === 0 || this.running.size > 0) return;
    if ((await this.deps.store.waitingJobs()).length > 0) return;
    const counts = await this.queue.getJobCounts('active', 'wait', 'delayed', 'prioritized');
    if (Object.values(counts).some((count) => count > 0)) {
      setTimeout(() => void this.checkIdle(), 50).unref();
      return;
    }
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

function jobId(fileId: string, attempts: number): string {
  return `${fileId}-${attempts}`;
}

function connection(url: string) {
  // BullMQ's workers block on Redis and must retry forever rather than fail a command.
  return { url, maxRetriesPerRequest: null };
}

function prefixOf(deps: BullmqIngestionQueueDeps): string {
  return `${deps.redis.prefix ?? 'studio'}:bull`;
}
