import type { FileStage, FileStatus, SemanticStatus } from '@studio/shared';
import type { Sql } from '../../store/sql';
import type { SemanticChunk } from '../storage/semantic-index';

/** A claimed semantic job: `done` chunks (by position) were already written by an earlier run. */
export interface SemanticJob {
  fileId: string;
  queuedAt: string;
  attempts: number;
  done: number;
}

/**
 * The durable queue of the semantic phase (`file_semantic_jobs`) and the file's semantic status.
 * A job remembers how many chunks it wrote, so a run a crash interrupted resumes where it stopped.
 */
export class SemanticJobs {
  constructor(private readonly sql: Sql) {}

  /** Queues (or restarts) a file's semantic phase; call inside the transaction that completes the file. */
  async enqueue(fileId: string, now: string): Promise<void> {
    await this.sql.run(
      `INSERT INTO file_semantic_jobs (file_id, queued_at) VALUES (?, ?)
       ON CONFLICT (file_id) DO UPDATE SET queued_at = excluded.queued_at, started_at = NULL, attempts = 0, done = 0`,
      [fileId, now],
    );
    await this.setStatus(fileId, 'pending', 0);
  }

  /** Puts every started job back in line: the process that ran it is gone. */
  async recover(): Promise<void> {
    await this.sql.run('UPDATE file_semantic_jobs SET started_at = NULL WHERE started_at IS NOT NULL');
  }

  /** Takes the oldest due job, marking it started; undefined when none waits. */
  async claimNext(now: string): Promise<SemanticJob | undefined> {
    const skipLocked = this.sql.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
    return this.sql.transaction(() =>
      this.sql.get<SemanticJob>(
        `UPDATE file_semantic_jobs SET started_at = ?, attempts = attempts + 1
          WHERE file_id = (SELECT file_id FROM file_semantic_jobs WHERE started_at IS NULL AND queued_at <= ?
                            ORDER BY queued_at LIMIT 1 ${skipLocked})
          RETURNING file_id AS "fileId", queued_at AS "queuedAt", attempts, done`,
        [now, now],
      ),
    );
  }

  /** When the next waiting job becomes due (a deferred one waits for its retry time). */
  async nextDueAt(): Promise<string | undefined> {
    const row = await this.sql.get<{ due: string | null }>(
      'SELECT MIN(queued_at) AS due FROM file_semantic_jobs WHERE started_at IS NULL',
    );
    return row?.due ?? undefined;
  }

  /** Whether the job is still the one claimed (the file was not re-ingested or deleted meanwhile). */
  async isCurrent(job: SemanticJob): Promise<boolean> {
    const row = await this.sql.get<{ queuedAt: string }>(
      'SELECT queued_at AS "queuedAt" FROM file_semantic_jobs WHERE file_id = ?',
      [job.fileId],
    );
    return row?.queuedAt === job.queuedAt;
  }

  /** The next chunks of the file from `position` on, as stored for keyword search. */
  async chunksFrom(fileId: string, position: number, limit: number): Promise<(SemanticChunk & { position: number })[]> {
    const rows = await this.sql.all<{
      id: string;
      fileId: string;
      position: number;
      text: string;
      page: number | null;
      section: string | null;
    }>(
      `SELECT id, file_id AS "fileId", position, text, page, section FROM file_chunks
        WHERE file_id = ? AND position >= ? ORDER BY position LIMIT ?`,
      [fileId, position, limit],
    );
    return rows.map((row) => ({ ...row, page: row.page ?? undefined, section: row.section ?? undefined }));
  }

  async chunkCount(fileId: string): Promise<number> {
    return (
      (await this.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM file_chunks WHERE file_id = ?', [fileId]))?.n ?? 0
    );
  }

  /** Records chunks written up to (not including) `done` and the file's progress. */
  async progress(job: SemanticJob, done: number, percent: number): Promise<void> {
    await this.sql.transaction(async () => {
      await this.sql.run('UPDATE file_semantic_jobs SET done = ? WHERE file_id = ? AND queued_at = ?', [
        done,
        job.fileId,
        job.queuedAt,
      ]);
      await this.setStatus(job.fileId, 'indexing', percent);
    });
  }

  /** Ends the job with the file's final semantic status (unless the file was queued again meanwhile). */
  async finish(job: SemanticJob, status: 'ready' | 'failed'): Promise<void> {
    await this.sql.transaction(async () => {
      const { changes } = await this.sql.run('DELETE FROM file_semantic_jobs WHERE file_id = ? AND queued_at = ?', [
        job.fileId,
        job.queuedAt,
      ]);
      if (changes > 0) await this.setStatus(job.fileId, status, status === 'ready' ? 100 : 0);
    });
  }

  /** Puts the job back in line to run no earlier than `notBefore` (a dependency was unavailable). */
  async defer(job: SemanticJob, notBefore: string): Promise<void> {
    await this.sql.run(
      'UPDATE file_semantic_jobs SET started_at = NULL, queued_at = ? WHERE file_id = ? AND queued_at = ?',
      [notBefore, job.fileId, job.queuedAt],
    );
  }

  /** Puts the job back in line as it is (shutdown). */
  async release(job: SemanticJob): Promise<void> {
    await this.sql.run('UPDATE file_semantic_jobs SET started_at = NULL WHERE file_id = ? AND queued_at = ?', [
      job.fileId,
      job.queuedAt,
    ]);
  }

  /** The file's current ingestion state, for an event that reports the semantic phase beside it. */
  async fileState(fileId: string): Promise<{ status: FileStatus; stage: FileStage; progress: number } | undefined> {
    return this.sql.get('SELECT status, stage, progress FROM files WHERE id = ?', [fileId]);
  }

  private async setStatus(fileId: string, status: SemanticStatus, progress: number): Promise<void> {
    await this.sql.run('UPDATE files SET semantic_status = ?, semantic_progress = ? WHERE id = ?', [
      status,
      progress,
      fileId,
    ]);
  }
}
