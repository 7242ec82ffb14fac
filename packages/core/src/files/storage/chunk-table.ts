import type { Sql } from '../../store/sql';
import { toStoredChunk, type ChunkRow, type StoredChunk } from '../search/keyword-index';

/**
 * The reads both keyword indexes share: chunk rows by id with their file's name, and counts. Only
 * how a JSON array of ids becomes rows differs between the dialects.
 */
export abstract class ChunkTable {
  protected constructor(
    protected readonly sql: Sql,
    /** A subquery yielding the ids of the JSON array bound to its one placeholder. */
    private readonly idsFromJson: string,
  ) {}

  /** The chunks with these ids (of files that still exist), in no particular order. */
  async getChunks(ids: string[]): Promise<StoredChunk[]> {
    if (ids.length === 0) return [];
    // One statement for any number of ids (a JSON array), so it is prepared once.
    const rows = await this.sql.all<ChunkRow>(
      `SELECT c.id, c.file_id AS "fileId", f.name AS "fileName", c.position, c.text, c.page, c.section,
              c.char_start AS "charStart", c.char_end AS "charEnd", c.index_text AS "indexText"
         FROM file_chunks c JOIN files f ON f.id = c.file_id
        WHERE c.id IN (${this.idsFromJson})`,
      [JSON.stringify(ids)],
    );
    return rows.map(toStoredChunk);
  }

  async getFileChunks(fileId: string, from: number, to: number): Promise<StoredChunk[]> {
    const rows = await this.sql.all<ChunkRow>(
      `SELECT c.id, c.file_id AS "fileId", f.name AS "fileName", c.position, c.text, c.page, c.section,
              c.char_start AS "charStart", c.char_end AS "charEnd"
         FROM file_chunks c JOIN files f ON f.id = c.file_id
        WHERE c.file_id = ? AND c.position BETWEEN ? AND ?
        ORDER BY c.position`,
      [fileId, from, to],
    );
    return rows.map(toStoredChunk);
  }

  /** The file's name, indexed with each of its chunks. */
  protected async fileName(fileId: string): Promise<string | undefined> {
    return (await this.sql.get<{ name: string }>('SELECT name FROM files WHERE id = ?', [fileId]))?.name;
  }

  async hasChunks(): Promise<boolean> {
    return (await this.sql.get('SELECT 1 AS one FROM file_chunks LIMIT 1')) !== undefined;
  }

  async countFileChunks(fileId: string): Promise<number> {
    return (
      (await this.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM file_chunks WHERE file_id = ?', [fileId]))?.n ?? 0
    );
  }
}
