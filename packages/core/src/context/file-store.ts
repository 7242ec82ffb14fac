import type { ErrorInfo, FileRecord, FileStage, FileStatus, FileStatusOutput, SupportedFileType } from '@studio/shared';
import type { SqliteDatabase } from '../store/database';

/** A file row as the pipeline needs it. */
export interface StoredFile {
  id: string;
  name: string;
  size: number;
  mimeType: string;
  type: SupportedFileType;
  sessionId?: string;
  status: FileStatus;
  stage: FileStage;
  progress: number;
  chunkCount: number;
  pageCount?: number;
  error?: ErrorInfo;
  indexName?: string;
  createdAt: string;
}

interface FileRow {
  id: string;
  name: string;
  size: number;
  mime_type: string;
  type: SupportedFileType;
  session_id: string | null;
  status: FileStatus;
  stage: FileStage;
  progress: number;
  chunk_count: number;
  page_count: number | null;
  error_code: string | null;
  error_message: string | null;
  index_name: string | null;
  created_at: string;
}

/** A claimed ingestion job. */
export interface ClaimedJob {
  file: StoredFile;
  attempts: number;
}

/** Files and their ingestion jobs in SQLite: the durable half of the queue. */
export class FileStore {
  constructor(private readonly db: SqliteDatabase) {}

  insertWithJob(file: Omit<StoredFile, 'status' | 'stage' | 'progress' | 'chunkCount'>, now: string): StoredFile {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO files (id, name, size, mime_type, type, session_id, status, stage, progress, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'pending', 'queued', 0, ?, ?)`,
        )
        .run(file.id, file.name, file.size, file.mimeType, file.type, file.sessionId ?? null, file.createdAt, now);
      this.db.prepare('INSERT INTO file_jobs (file_id, queued_at) VALUES (?, ?)').run(file.id, now);
    })();
    return this.require(file.id);
  }

  get(fileId: string): StoredFile | undefined {
    const row = this.db.prepare('SELECT * FROM files WHERE id = ?').get(fileId) as FileRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  list(options: { status?: FileStatus; limit: number; cursor?: string }): StoredFile[] {
    const conditions: string[] = [];
    const values: (string | number)[] = [];
    if (options.status) {
      conditions.push('status = ?');
      values.push(options.status);
    }
    const after = options.cursor ? this.get(options.cursor) : undefined;
    if (after) {
      conditions.push('(created_at < ? OR (created_at = ? AND id < ?))');
      values.push(after.createdAt, after.createdAt, after.id);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = this.db
      .prepare(`SELECT * FROM files ${where} ORDER BY created_at DESC, id DESC LIMIT ?`)
      .all(...values, options.limit) as FileRow[];
    return rows.map(fromRow);
  }

  setStage(fileId: string, stage: FileStage, progress: number, now: string): void {
    this.db
      .prepare(`UPDATE files SET status = 'processing', stage = ?, progress = ?, updated_at = ? WHERE id = ?`)
      .run(stage, progress, now, fileId);
  }

  /** Marks the file completed and drops its job; runs inside the caller's indexing transaction. */
  complete(fileId: string, details: { chunkCount: number; pageCount?: number; indexName: string }, now: string): boolean {
    const changed = this.db
      .prepare(
        `UPDATE files SET status = 'completed', stage = 'done', progress = 100, chunk_count = ?, page_count = ?,
           index_name = ?, error_code = NULL, error_message = NULL, updated_at = ? WHERE id = ?`,
      )
      .run(details.chunkCount, details.pageCount ?? null, details.indexName, now, fileId).changes;
    this.db.prepare('DELETE FROM file_jobs WHERE file_id = ?').run(fileId);
    return changed > 0;
  }

  fail(fileId: string, error: ErrorInfo, now: string): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE files SET status = 'failed', stage = 'failed', error_code = ?, error_message = ?, updated_at = ? WHERE id = ?`,
        )
        .run(error.code, error.message, now, fileId);
      this.db.prepare('DELETE FROM file_jobs WHERE file_id = ?').run(fileId);
    })();
  }

  /** Takes the oldest waiting job, marking it started; undefined when none waits. */
  claimNext(now: string, exclude: ReadonlySet<string>): ClaimedJob | undefined {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare('SELECT file_id AS fileId, attempts FROM file_jobs WHERE started_at IS NULL AND queued_at <= ? ORDER BY queued_at, rowid LIMIT 10')
        .all(now) as { fileId: string; attempts: number }[];
      const row = rows.find((candidate) => !exclude.has(candidate.fileId));
      if (!row) return undefined;
      this.db.prepare('UPDATE file_jobs SET started_at = ?, attempts = attempts + 1 WHERE file_id = ?').run(now, row.fileId);
      this.db
        .prepare(`UPDATE files SET status = 'processing', stage = 'queued', progress = 0, updated_at = ? WHERE id = ?`)
        .run(now, row.fileId);
      const file = this.get(row.fileId);
      return file ? { file, attempts: row.attempts + 1 } : undefined;
    })();
  }

  hasWaitingJobs(): boolean {
    return this.db.prepare('SELECT 1 FROM file_jobs WHERE started_at IS NULL LIMIT 1').get() !== undefined;
  }

  /** When the next deferred job becomes due, if one waits for a retry. */
  nextDueAt(): string | undefined {
    const row = this.db.prepare('SELECT MIN(queued_at) AS due FROM file_jobs WHERE started_at IS NULL').get() as { due: string | null };
    return row.due ?? undefined;
  }

  /** Puts a job back in line to run no earlier than `notBefore` (a dependency was unavailable). */
  defer(fileId: string, notBefore: string, now: string): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE file_jobs SET started_at = NULL, queued_at = ? WHERE file_id = ?').run(notBefore, fileId);
      this.db
        .prepare(`UPDATE files SET status = 'pending', stage = 'queued', progress = 0, updated_at = ? WHERE id = ?`)
        .run(now, fileId);
    })();
  }

  /** Puts a started job back in the queue (shutdown or a crash interrupted it). */
  release(fileId: string, now: string): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE file_jobs SET started_at = NULL WHERE file_id = ?').run(fileId);
      this.db
        .prepare(`UPDATE files SET status = 'pending', stage = 'queued', progress = 0, updated_at = ? WHERE id = ? AND status != 'failed'`)
        .run(now, fileId);
    })();
  }

  /** Jobs a previous process started and never finished; they go back in the queue. */
  startedJobs(): { fileId: string; attempts: number }[] {
    return this.db
      .prepare('SELECT file_id AS fileId, attempts FROM file_jobs WHERE started_at IS NOT NULL')
      .all() as { fileId: string; attempts: number }[];
  }

  /** Completed files indexed into another vector index (the embedder changed): queue them again. */
  requeueStale(indexName: string, now: string): number {
    return this.db.transaction(() => {
      const stale = this.db
        .prepare(`SELECT id FROM files WHERE status = 'completed' AND (index_name IS NULL OR index_name != ?)`)
        .all(indexName) as { id: string }[];
      for (const { id } of stale) {
        this.db.prepare(`UPDATE files SET status = 'pending', stage = 'queued', progress = 0, updated_at = ? WHERE id = ?`).run(now, id);
        this.db.prepare('INSERT OR IGNORE INTO file_jobs (file_id, queued_at) VALUES (?, ?)').run(id, now);
      }
      return stale.length;
    })();
  }

  delete(fileId: string): boolean {
    return this.db.prepare('DELETE FROM files WHERE id = ?').run(fileId).changes > 0;
  }

  allIds(): Set<string> {
    return new Set((this.db.prepare('SELECT id FROM files').all() as { id: string }[]).map((row) => row.id));
  }

  private require(fileId: string): StoredFile {
    const file = this.get(fileId);
    if (!file) throw new Error(`file ${fileId} vanished right after insert`);
    return file;
  }
}

/** The contract's `FileRecord` of a stored file. */
export function toFileRecord(file: StoredFile): FileRecord {
  return {
    fileId: file.id,
    name: file.name,
    size: file.size,
    mimeType: file.mimeType,
    status: file.status,
    progress: file.progress,
    createdAt: file.createdAt,
    stage: file.stage,
    ...(file.error ? { error: file.error } : {}),
  };
}

/** The contract's `files.status` answer. */
export function toStatusOutput(file: StoredFile): FileStatusOutput {
  return {
    fileId: file.id,
    status: file.status,
    stage: file.stage,
    progress: file.progress,
    chunkCount: file.chunkCount,
    ...(file.pageCount !== undefined ? { pageCount: file.pageCount } : {}),
    ...(file.error ? { error: file.error } : {}),
  };
}

function fromRow(row: FileRow): StoredFile {
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    mimeType: row.mime_type,
    type: row.type,
    sessionId: row.session_id ?? undefined,
    status: row.status,
    stage: row.stage,
    progress: row.progress,
    chunkCount: row.chunk_count,
    pageCount: row.page_count ?? undefined,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? row.error_code } : undefined,
    indexName: row.index_name ?? undefined,
    createdAt: row.created_at,
  };
}
