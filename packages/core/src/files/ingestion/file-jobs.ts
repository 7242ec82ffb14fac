import type { Sql } from '../../store/sql';
import type { StoredFile } from '../storage/stored-file';

/** Sets a file back to waiting in line. */
export const REQUEUE_FILE = `UPDATE files SET status = 'pending', stage = 'queued', progress = 0, updated_at = ? WHERE id = ?`;

/** A claimed ingestion job. */
export interface ClaimedJob {
  file: StoredFile;
  attempts: number;
}

/**
 * The ingestion jobs of files (`file_jobs`): the durable half of the queue, whichever process
 * runs it. Only taking the next job differs by dialect (PostgreSQL lets several processes claim at
 * once with SKIP LOCKED).
 */
export class FileJobs {
  constructor(
    private readonly sql: Sql,
    private readonly getFile: (fileId: string) => Promise<StoredFile | undefined>,
  ) {}

  /**
   * Takes the oldest waiting job not in `exclude`, marking it started (and its lease renewed now);
   * undefined when none waits. On PostgreSQL a job another process is claiming is skipped, never
   * waited for or claimed twice.
   */
  async claimNext(now: string, exclude: ReadonlySet<string>): Promise<ClaimedJob | undefined> {
    return this.sql.transaction(async () => {
      const job =
        this.sql.dialect === 'postgres'
          ? await this.claimRowPostgres(now, exclude)
          : await this.claimRowSqlite(now, exclude);
      return job ? this.started(job.fileId, job.attempts, now) : undefined;
    });
  }

  /** Marks a claimed job's file as being processed; the file as the pipeline needs it. */
  private async started(fileId: string, attempts: number, now: string): Promise<ClaimedJob | undefined> {
    await this.sql.run(
      `UPDATE files SET status = 'processing', stage = 'queued', progress = 0, updated_at = ? WHERE id = ?`,
      [now, fileId],
    );
    const file = await this.getFile(fileId);
    return file ? { file, attempts } : undefined;
  }

  /** SQLite has one writer, so a plain read-then-update inside the write transaction is safe. */
  private async claimRowSqlite(
    now: string,
    exclude: ReadonlySet<string>,
  ): Promise<{ fileId: string; attempts: number } | undefined> {
    const rows = await this.sql.all<{ fileId: string; attempts: number }>(
      'SELECT file_id AS "fileId", attempts FROM file_jobs WHERE started_at IS NULL AND queued_at <= ? ORDER BY queued_at, rowid LIMIT 10',
      [now],
    );
    const row = rows.find((candidate) => !exclude.has(candidate.fileId));
    if (!row) return undefined;
    await this.sql.run(
      'UPDATE file_jobs SET started_at = ?, heartbeat_at = ?, attempts = attempts + 1 WHERE file_id = ?',
      [now, now, row.fileId],
    );
    return { fileId: row.fileId, attempts: row.attempts + 1 };
  }

  private async claimRowPostgres(
    now: string,
    exclude: ReadonlySet<string>,
  ): Promise<{ fileId: string; attempts: number } | undefined> {
    return this.sql.get<{ fileId: string; attempts: number }>(
      `UPDATE file_jobs SET started_at = ?, heartbeat_at = ?, attempts = attempts + 1
        WHERE file_id = (
          SELECT file_id FROM file_jobs
           WHERE started_at IS NULL AND queued_at <= ? AND file_id NOT IN (SELECT json_array_elements_text(?::json))
           ORDER BY queued_at, seq LIMIT 1
             FOR UPDATE SKIP LOCKED)
        RETURNING file_id AS "fileId", attempts`,
      [now, now, now, JSON.stringify([...exclude])],
    );
  }

  async hasWaitingJobs(): Promise<boolean> {
    return (await this.sql.get('SELECT 1 AS one FROM file_jobs WHERE started_at IS NULL LIMIT 1')) !== undefined;
  }

  /** When the next deferred job becomes due, if one waits for a retry. */
  async nextDueAt(): Promise<string | undefined> {
    const row = await this.sql.get<{ due: string | null }>(
      'SELECT MIN(queued_at) AS due FROM file_jobs WHERE started_at IS NULL',
    );
    return row?.due ?? undefined;
  }

  /** Puts a job back in line to run no earlier than `notBefore` (a dependency was unavailable). */
  async defer(fileId: string, notBefore: string, now: string): Promise<void> {
    await this.sql.transaction(async () => {
      await this.sql.run('UPDATE file_jobs SET started_at = NULL, queued_at = ? WHERE file_id = ?', [
        notBefore,
        fileId,
      ]);
      await this.sql.run(REQUEUE_FILE, [now, fileId]);
    });
  }

  /** Puts a started job back in the queue (shutdown or a crash interrupted it). */
  async release(fileId: string, now: string): Promise<void> {
    await this.sql.transaction(async () => {
      await this.sql.run('UPDATE file_jobs SET started_at = NULL WHERE file_id = ?', [fileId]);
      await this.sql.run(`${REQUEUE_FILE} AND status != 'failed'`, [now, fileId]);
    });
  }

  /** Renews the lease of jobs this process is running. */
  async heartbeat(fileIds: readonly string[], now: string): Promise<void> {
    for (const fileId of fileIds) {
      await this.sql.run('UPDATE file_jobs SET heartbeat_at = ? WHERE file_id = ? AND started_at IS NOT NULL', [
        now,
        fileId,
      ]);
    }
  }

  /**
   * Started jobs nobody finished: all of them (`lapsedBefore` unset: the one process that could run
   * them has restarted), or those whose lease was last renewed before `lapsedBefore`.
   */
  async startedJobs(lapsedBefore?: string): Promise<{ fileId: string; attempts: number }[]> {
    if (lapsedBefore === undefined) {
      return this.sql.all('SELECT file_id AS "fileId", attempts FROM file_jobs WHERE started_at IS NOT NULL');
    }
    return this.sql.all(
      'SELECT file_id AS "fileId", attempts FROM file_jobs WHERE started_at IS NOT NULL AND (heartbeat_at IS NULL OR heartbeat_at < ?)',
      [lapsedBefore],
    );
  }

  /**
   * Starts this file's job whatever its state — the caller (a BullMQ worker holding the job's lock)
   * is its only runner; undefined when the file has no job (done or deleted meanwhile).
   */
  async claim(fileId: string, now: string): Promise<ClaimedJob | undefined> {
    return this.sql.transaction(async () => {
      const row = await this.sql.get<{ attempts: number }>(
        'UPDATE file_jobs SET started_at = ?, heartbeat_at = ?, attempts = attempts + 1 WHERE file_id = ? RETURNING attempts',
        [now, now, fileId],
      );
      return row ? this.started(fileId, row.attempts, now) : undefined;
    });
  }

  /** Jobs waiting to run, with when each becomes due and how often it was started. */
  async waitingJobs(): Promise<{ fileId: string; queuedAt: string; attempts: number }[]> {
    return this.sql.all(
      'SELECT file_id AS "fileId", queued_at AS "queuedAt", attempts FROM file_jobs WHERE started_at IS NULL ORDER BY queued_at',
    );
  }
}
