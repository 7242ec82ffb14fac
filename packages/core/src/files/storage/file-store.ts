import type {
  ErrorInfo,
  FileRecord,
  FileStage,
  FileStatus,
  FileStatusOutput,
  SemanticStatus,
  SupportedFileType,
} from '@studio/shared';
import type { Sql } from '../../store/sql';
import type { StoredFile } from './stored-file';
import { FileJobs, REQUEUE_FILE } from '../ingestion/file-jobs';

export type { StoredFile } from './stored-file';

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
  semantic_status: SemanticStatus | null;
  semantic_progress: number | null;
  created_at: string;
}

/**
 * Files and their ingestion jobs: the durable half of the queue. One class for both dialects; only
 * taking the next job differs (PostgreSQL lets several processes claim at once with SKIP LOCKED).
 */
export class FileStore {
  /** The files' ingestion jobs (the durable queue). */
  readonly jobs: FileJobs;

  constructor(private readonly sql: Sql) {
    this.jobs = new FileJobs(sql, (fileId) => this.get(fileId));
  }

  async insertWithJob(
    file: Omit<StoredFile, 'status' | 'stage' | 'progress' | 'chunkCount'>,
    now: string,
  ): Promise<StoredFile> {
    await this.sql.transaction(async () => {
      await this.sql.run(
        `INSERT INTO files (id, name, size, mime_type, type, session_id, status, stage, progress, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'pending', 'queued', 0, ?, ?)`,
        [file.id, file.name, file.size, file.mimeType, file.type, file.sessionId ?? null, file.createdAt, now],
      );
      await this.sql.run('INSERT INTO file_jobs (file_id, queued_at) VALUES (?, ?)', [file.id, now]);
    });
    return this.require(file.id);
  }

  async get(fileId: string): Promise<StoredFile | undefined> {
    const row = await this.sql.get<FileRow>('SELECT * FROM files WHERE id = ?', [fileId]);
    return row ? fromRow(row) : undefined;
  }

  /**
   * Whether the file still exists; inside a transaction it also keeps it from being deleted until
   * the transaction ends (SQLite's write transaction already excludes every other writer).
   */
  async lock(fileId: string): Promise<boolean> {
    const text =
      this.sql.dialect === 'postgres'
        ? 'SELECT id FROM files WHERE id = ? FOR UPDATE'
        : 'SELECT id FROM files WHERE id = ?';
    return (await this.sql.get(text, [fileId])) !== undefined;
  }

  async list(options: { status?: FileStatus; limit: number; cursor?: string }): Promise<StoredFile[]> {
    const conditions: string[] = [];
    const values: (string | number)[] = [];
    if (options.status) {
      conditions.push('status = ?');
      values.push(options.status);
    }
    const after = options.cursor ? await this.get(options.cursor) : undefined;
    if (after) {
      conditions.push('(created_at < ? OR (created_at = ? AND id < ?))');
      values.push(after.createdAt, after.createdAt, after.id);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.sql.all<FileRow>(`SELECT * FROM files ${where} ORDER BY created_at DESC, id DESC LIMIT ?`, [
      ...values,
      options.limit,
    ]);
    return rows.map(fromRow);
  }

  async setStage(fileId: string, stage: FileStage, progress: number, now: string): Promise<void> {
    await this.sql.run(`UPDATE files SET status = 'processing', stage = ?, progress = ?, updated_at = ? WHERE id = ?`, [
      stage,
      progress,
      now,
      fileId,
    ]);
  }

  /** Marks the file completed and drops its job; runs inside the caller's indexing transaction. */
  async complete(
    fileId: string,
    details: { chunkCount: number; pageCount?: number; indexName: string },
    now: string,
  ): Promise<boolean> {
    const { changes } = await this.sql.run(
      `UPDATE files SET status = 'completed', stage = 'done', progress = 100, chunk_count = ?, page_count = ?,
         index_name = ?, error_code = NULL, error_message = NULL, updated_at = ? WHERE id = ?`,
      [details.chunkCount, details.pageCount ?? null, details.indexName, now, fileId],
    );
    await this.sql.run('DELETE FROM file_jobs WHERE file_id = ?', [fileId]);
    return changes > 0;
  }

  async fail(fileId: string, error: ErrorInfo, now: string): Promise<void> {
    await this.sql.transaction(async () => {
      await this.sql.run(
        `UPDATE files SET status = 'failed', stage = 'failed', error_code = ?, error_message = ?, updated_at = ? WHERE id = ?`,
        [error.code, error.message, now, fileId],
      );
      await this.sql.run('DELETE FROM file_jobs WHERE file_id = ?', [fileId]);
    });
  }

  /** Completed files indexed into another vector index (the embedder changed): queue them again. */
  async requeueStale(indexName: string, now: string): Promise<number> {
    return this.sql.transaction(async () => {
      const stale = await this.sql.all<{ id: string }>(
        `SELECT id FROM files WHERE status = 'completed' AND (index_name IS NULL OR index_name != ?)`,
        [indexName],
      );
      for (const { id } of stale) {
        await this.sql.run(REQUEUE_FILE, [now, id]);
        await this.sql.run('INSERT INTO file_jobs (file_id, queued_at) VALUES (?, ?) ON CONFLICT DO NOTHING', [
          id,
          now,
        ]);
      }
      return stale.length;
    });
  }

  async delete(fileId: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM files WHERE id = ?', [fileId])).changes > 0;
  }

  async allIds(): Promise<Set<string>> {
    return new Set((await this.sql.all<{ id: string }>('SELECT id FROM files')).map((row) => row.id));
  }

  private async require(fileId: string): Promise<StoredFile> {
    const file = await this.get(fileId);
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
    ...(file.semantic ? { semantic: file.semantic } : {}),
    chunkCount: file.chunkCount,
    ...(file.pageCount !== undefined ? { pageCount: file.pageCount } : {}),
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
    ...(file.semantic ? { semantic: file.semantic } : {}),
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
    semantic: row.semantic_status ? { status: row.semantic_status, progress: row.semantic_progress ?? 0 } : undefined,
    createdAt: row.created_at,
  };
}
