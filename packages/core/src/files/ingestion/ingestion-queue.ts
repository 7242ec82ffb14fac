import type { ErrorInfo } from '@studio/shared';
import type { Logger } from '../../logger';
import type { WorkTracker } from '../../work-tracker';
import type { ClaimedJob } from './file-jobs';
import type { StoredFile } from '../storage/file-store';

/** A file that took the process down this many times is failed instead of retried forever. */
export const MAX_ATTEMPTS = 3;

/** The failure of a file that took a process down `attempts` times. */
export function crashedTooOften(attempts: number): ErrorInfo {
  return {
    code: 'INGESTION_CRASHED',
    message: `ingesting this file was interrupted ${attempts} times; it was given up`,
  };
}
/** How soon a job that is due but was not claimed is looked at again. */
const RECHECK_MS = 25;
/** How soon the queue tries again after its database failed to answer. */
const RETRY_AFTER_ERROR_MS = 1000;

/** What the queue needs of the durable job table (`FileStore` on SQLite or PostgreSQL). */
export interface IngestionJobStore {
  claimNext(now: string, exclude: ReadonlySet<string>): Promise<ClaimedJob | undefined>;
  hasWaitingJobs(): Promise<boolean>;
  nextDueAt(): Promise<string | undefined>;
  release(fileId: string, now: string): Promise<void>;
  heartbeat(fileIds: readonly string[], now: string): Promise<void>;
  startedJobs(lapsedBefore?: string): Promise<{ fileId: string; attempts: number }[]>;
}

/** What the queue needs of the pipeline: run one job, or give a file up. */
export interface IngestionRunner {
  run(file: StoredFile, signal: AbortSignal, attempt: number): Promise<unknown>;
  fail(fileId: string, error: ErrorInfo): Promise<void>;
}

export interface IngestionQueueDeps {
  store: IngestionJobStore;
  pipeline: IngestionRunner;
  work: WorkTracker;
  logger: Logger;
  now(): string;
  concurrency?: number;
  /**
   * Set when several processes share the job table (PostgreSQL): a started job is a lease renewed
   * every quarter of this, and only jobs whose lease lapsed are taken back — at start and then
   * periodically, so a crashed peer's files resume. Unset, every started job found at start
   * belongs to this process's dead predecessor.
   */
  leaseMs?: number;
}

/**
 * Runs queued ingestion jobs with bounded concurrency. The queue itself is the `file_jobs` table,
 * so jobs a crash interrupted are found and resumed on the next start.
 */
export class IngestionQueue {
  private readonly running = new Map<string, AbortController>();
  private started = false;
  private stopped = false;
  private readonly concurrency: number;
  private readonly idleWaiters: (() => void)[] = [];
  private timer?: NodeJS.Timeout;
  private leaseTimer?: NodeJS.Timeout;
  /** One fill runs at a time, so concurrent claims never exceed `concurrency`. */
  private filling = false;
  private fillAgain = false;

  constructor(private readonly deps: IngestionQueueDeps) {
    this.concurrency = deps.concurrency ?? 2;
  }

  /** Puts interrupted jobs back in line (failing repeat offenders) and starts working. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const { leaseMs } = this.deps;
    await this.recover(leaseMs === undefined ? undefined : this.lapsedBefore(leaseMs));
    if (leaseMs !== undefined) {
      this.leaseTimer = setInterval(() => void this.renewLeases(leaseMs), leaseMs / 4);
      this.leaseTimer.unref();
    }
    this.pump();
  }

  /** Called after an upload: picks up new jobs if a slot is free. */
  notify(): void {
    if (this.started) this.pump();
  }

  /** Stops a running job of a file that is being deleted. */
  cancel(fileId: string): void {
    this.running.get(fileId)?.abort(new Error('file deleted'));
  }

  /** Resolves when no job runs and none waits (tests, benchmarks). */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.pump();
    });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.leaseTimer);
  }

  private lapsedBefore(leaseMs: number): string {
    return new Date(Date.parse(this.deps.now()) - leaseMs).toISOString();
  }

  private async recover(lapsedBefore: string | undefined): Promise<void> {
    for (const job of await this.deps.store.startedJobs(lapsedBefore)) {
      if (this.running.has(job.fileId)) continue;
      if (job.attempts >= MAX_ATTEMPTS) {
        await this.deps.pipeline.fail(job.fileId, crashedTooOften(job.attempts));
      } else {
        await this.deps.store.release(job.fileId, this.deps.now());
      }
    }
  }

  private async renewLeases(leaseMs: number): Promise<void> {
    if (this.stopped) return;
    try {
      if (this.running.size > 0) await this.deps.store.heartbeat([...this.running.keys()], this.deps.now());
      await this.recover(this.lapsedBefore(leaseMs));
      this.pump();
    } catch (error) {
      this.deps.logger.warn('could not renew ingestion leases', { error: String(error) });
    }
  }

  private pump(): void {
    if (this.filling) {
      this.fillAgain = true;
      return;
    }
    this.filling = true;
    this.fill()
      .catch((error: unknown) => {
        this.deps.logger.error('the ingestion queue could not read its jobs; trying again shortly', {
          error: String(error),
        });
        // A database hiccup must not leave accepted files waiting until the next upload wakes the queue.
        this.wakeIn(RETRY_AFTER_ERROR_MS);
      })
      .finally(() => {
        this.filling = false;
        if (this.fillAgain) {
          this.fillAgain = false;
          this.pump();
        }
      });
  }

  private async fill(): Promise<void> {
    if (this.stopped) {
      // The store may already be closed; nothing more runs here, so only running work is awaited.
      if (this.running.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    while (this.started && !this.deps.work.isClosing && this.running.size < this.concurrency) {
      const job = await this.deps.store.claimNext(this.deps.now(), new Set(this.running.keys()));
      if (!job) break;
      this.launch(job);
    }
    if (this.idleWaiters.length > 0 && this.running.size === 0 && !(await this.deps.store.hasWaitingJobs())) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
    await this.scheduleDeferred();
  }

  private launch(job: ClaimedJob): void {
    const abort = new AbortController();
    this.running.set(job.file.id, abort);
    void this.deps.work
      .run(`ingest:${job.file.id}`, (signal) => {
        const combined = AbortSignal.any([signal, abort.signal]);
        return this.deps.pipeline.run(job.file, combined, job.attempts);
      })
      .catch((error: unknown) =>
        this.deps.logger.error('ingestion job crashed', { fileId: job.file.id, error: String(error) }),
      )
      .finally(() => {
        this.running.delete(job.file.id);
        this.pump();
      });
  }

  /** Wakes the queue when the earliest deferred job becomes due (while a slot is free; a finishing job pumps otherwise). */
  private async scheduleDeferred(): Promise<void> {
    if (this.timer || this.stopped || !this.started || this.running.size >= this.concurrency) return;
    const due = await this.deps.store.nextDueAt();
    if (!due || this.timer || this.stopped) return;
    // A timer may fire a millisecond early and the claim above read the clock before this did: a
    // job that is due yet unclaimed is looked at again shortly instead of waiting for an upload.
    this.wakeIn(Math.max(Date.parse(due) - Date.parse(this.deps.now()), RECHECK_MS));
  }

  private wakeIn(waitMs: number): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, waitMs);
  }
}
