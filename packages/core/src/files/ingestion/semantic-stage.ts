import type { SemanticProgress } from '@studio/shared';
import { CancelledError } from '../../errors/cancelled-error';
import { DomainError } from '../../errors/domain-error';
import type { EventBus } from '../../events/event-bus';
import type { Logger } from '../../logger';
import type { Sql } from '../../store/sql';
import type { SemanticIndex } from '../storage/semantic-index';
import { SemanticJobs, type SemanticJob } from './semantic-jobs';
import { retryDelayMs } from './retry-delay';

/** Chunks read, embedded and written per step: progress and the resume point advance by this much. */
const STEP_CHUNKS = 32;
/** A file whose semantic phase took the process down this often is marked failed (it stays keyword searchable). */
const MAX_ATTEMPTS = 3;

export interface SemanticStageDeps {
  db: Sql;
  index: SemanticIndex;
  bus: EventBus;
  logger: Logger;
  now(): string;
  stepChunks?: number;
}

/**
 * The second phase of ingestion: a completed (keyword-searchable) file's chunks get semantic
 * vectors, one file at a time (the embedder spreads each step over its worker threads), with
 * progress on `events.files` and `files.status` (`semantic: { status, progress }`). Durable: the job
 * table remembers how far a file got, and a restart resumes it. Stopping abandons the step in
 * flight at once; it is redone on the next start.
 */
export class SemanticStage {
  readonly jobs: SemanticJobs;
  private started = false;
  private stopped = false;
  private running?: Promise<void>;
  private again = false;
  private readonly abort = new AbortController();
  private timer?: NodeJS.Timeout;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly deps: SemanticStageDeps) {
    this.jobs = new SemanticJobs(deps.db);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.jobs.recover();
    this.notify();
  }

  /** Looks for work (after a file completed). */
  notify(): void {
    if (!this.started || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => {
        this.deps.logger.error('the semantic stage could not read its jobs; trying again shortly', {
          error: String(error),
        });
        this.wakeIn(retryDelayMs(1));
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.notify();
        } else {
          for (const resolve of this.idleWaiters.splice(0)) resolve();
        }
      });
  }

  /** Resolves when no semantic job is due or running (tests and benchmarks). */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort(new CancelledError('shutting down'));
    await this.running;
  }

  private async drain(): Promise<void> {
    this.again = false;
    for (;;) {
      if (this.stopped) return;
      const job = await this.jobs.claimNext(this.deps.now());
      if (!job) break;
      await this.runJob(job);
    }
    const due = await this.jobs.nextDueAt();
    if (due) this.wakeIn(Math.max(Date.parse(due) - Date.parse(this.deps.now()), 25));
  }

  private async runJob(job: SemanticJob): Promise<void> {
    const { deps } = this;
    const signal = this.abort.signal;
    try {
      if (job.attempts > MAX_ATTEMPTS) {
        await this.jobs.finish(job, 'failed');
        await this.announce(
          job.fileId,
          { status: 'failed', progress: 0 },
          'semantic indexing was interrupted too often',
        );
        return;
      }
      // A fresh start (not a resume) drops vectors of an earlier version of the file.
      if (job.done === 0) await deps.index.deleteFile(job.fileId);
      const total = await this.jobs.chunkCount(job.fileId);
      let done = job.done;
      await this.announce(job.fileId, { status: 'indexing', progress: percent(done, total) });
      for (;;) {
        if (signal.aborted) throw new CancelledError('shutting down');
        const chunks = await this.jobs.chunksFrom(job.fileId, done, deps.stepChunks ?? STEP_CHUNKS);
        if (chunks.length === 0) break;
        await deps.index.add(chunks, signal);
        if (!(await this.jobs.isCurrent(job))) {
          // Deleted or re-ingested meanwhile: a deleted file's vectors go; a re-ingested one has a new job.
          if (!(await this.jobs.fileState(job.fileId))) await deps.index.deleteFile(job.fileId);
          return;
        }
        done = (chunks[chunks.length - 1]?.position ?? done) + 1;
        await this.jobs.progress(job, done, percent(done, total));
        await this.announce(job.fileId, { status: 'indexing', progress: percent(done, total) });
      }
      await this.jobs.finish(job, 'ready');
      await this.announce(job.fileId, { status: 'ready', progress: 100 }, 'semantic search covers this file');
    } catch (error) {
      if (signal.aborted || error instanceof CancelledError) {
        await this.jobs.release(job).catch(() => undefined);
        return;
      }
      if (DomainError.isInstance(error) && error.kind === 'unavailable' && job.attempts < 20) {
        // Chroma or the embedder is down: the file stays keyword searchable and its semantic phase waits.
        const delayMs = retryDelayMs(job.attempts);
        deps.logger.warn('semantic indexing deferred: a dependency is unavailable', {
          fileId: job.fileId,
          error: String(error),
          retryInMs: delayMs,
        });
        await this.jobs.defer(job, new Date(Date.parse(deps.now()) + delayMs).toISOString());
        return;
      }
      deps.logger.warn('semantic indexing failed; the file stays keyword searchable', {
        fileId: job.fileId,
        error: String(error),
      });
      await this.jobs.finish(job, 'failed');
      await this.announce(job.fileId, { status: 'failed', progress: 0 }, 'semantic indexing failed');
    }
  }

  /** A `file-progress` event carrying the semantic phase beside the file's own (unchanged) state. */
  private async announce(fileId: string, semantic: SemanticProgress, message?: string): Promise<void> {
    const file = await this.jobs.fileState(fileId);
    if (!file) return;
    await this.deps.bus.publish('file-progress', {
      fileId,
      status: file.status,
      stage: file.stage,
      progress: file.progress,
      semantic,
      ...(message ? { message } : {}),
    });
  }

  private wakeIn(waitMs: number): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.notify();
    }, waitMs);
    this.timer.unref();
  }
}

function percent(done: number, total: number): number {
  return total === 0 ? 100 : Math.min(100, Math.round((done / total) * 100));
}
