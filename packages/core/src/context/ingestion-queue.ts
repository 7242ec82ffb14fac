import type { Logger } from '../logger';
import type { WorkTracker } from '../work-tracker';
import type { FileStore } from './file-store';
import type { IngestionPipeline } from './ingestion-pipeline';

/** A file that took the process down this many times is failed instead of retried forever. */
const MAX_ATTEMPTS = 3;

export interface IngestionQueueDeps {
  store: FileStore;
  pipeline: IngestionPipeline;
  work: WorkTracker;
  logger: Logger;
  now(): string;
  concurrency?: number;
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

  constructor(private readonly deps: IngestionQueueDeps) {
    this.concurrency = deps.concurrency ?? 2;
  }

  /** Puts interrupted jobs back in line (failing repeat offenders) and starts working. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const job of this.deps.store.startedJobs()) {
      if (job.attempts >= MAX_ATTEMPTS) {
        this.deps.pipeline.fail(job.fileId, {
          code: 'INGESTION_CRASHED',
          message: `ingesting this file was interrupted ${job.attempts} times; it was given up`,
        });
      } else {
        this.deps.store.release(job.fileId, this.deps.now());
      }
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
    if (this.running.size === 0 && !this.deps.store.hasWaitingJobs()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private pump(): void {
    while (!this.stopped && !this.deps.work.isClosing && this.running.size < this.concurrency) {
      const job = this.deps.store.claimNext(this.deps.now(), new Set(this.running.keys()));
      if (!job) break;
      const abort = new AbortController();
      this.running.set(job.file.id, abort);
      void this.deps.work
        .run(`ingest:${job.file.id}`, (signal) => {
          const combined = AbortSignal.any([signal, abort.signal]);
          return this.deps.pipeline.run(job.file, combined, job.attempts);
        })
        .catch((error: unknown) => this.deps.logger.error('ingestion job crashed', { fileId: job.file.id, error: String(error) }))
        .finally(() => {
          this.running.delete(job.file.id);
          this.pump();
        });
    }
    if (this.running.size === 0 && !this.deps.store.hasWaitingJobs()) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
    this.scheduleDeferred();
  }

  /** Wakes the queue when the earliest deferred job becomes due. */
  private scheduleDeferred(): void {
    if (this.timer || this.stopped) return;
    const due = this.deps.store.nextDueAt();
    if (!due) return;
    const waitMs = Date.parse(due) - Date.parse(this.deps.now());
    if (waitMs <= 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, waitMs);
  }
}
