import type { Sql } from '../../store/sql';
import type { Chunk } from '../ingestion/chunking';
import { ChunkTable } from '../storage/chunk-table';
import { indexTextsOf } from './definitions';
import { chunkIdFor, type KeywordIndex, type KeywordMatch } from './keyword-index';
import { analyzeQuery, droppableTerms, isCommonTerm, mayHaveCommonTerms, toFtsQuery } from './keyword-query';

/** Deleting a file removes its chunks by cascade, unseen here: statistics are re-read this often anyway. */
const STATISTICS_TTL_MS = 5000;
const MAX_CACHED_TERMS = 10_000;

/**
 * Chunk text in SQLite with an FTS5 index (bm25) kept by triggers. Every statement text is fixed
 * (or varies only with the number of file ids), so `SqliteSql` compiles each once: compiling costs
 * about as much as running these.
 */
export class SqliteKeywordIndex extends ChunkTable implements KeywordIndex {
  /**
   * The chunk count and per-term document counts behind the "too common" check, kept between
   * queries: each costs a scan, and they only change when chunks are written (or a file's rows go
   * with it, hence the short lifetime as well).
   */
  private statistics?: { total: number; docs: Map<string, number>; readAt: number };

  constructor(sql: Sql) {
    super(sql, 'SELECT value FROM json_each(?)');
  }

  async replaceFileChunks(fileId: string, chunks: Chunk[]): Promise<void> {
    this.statistics = undefined;
    await this.sql.run('DELETE FROM file_chunks WHERE file_id = ?', [fileId]);
    await this.appendFileChunks(fileId, chunks);
  }

  async appendFileChunks(fileId: string, chunks: Chunk[]): Promise<void> {
    this.statistics = undefined;
    const fileName = await this.fileName(fileId);
    const indexTexts = indexTextsOf(chunks, fileName);
    for (const [index, chunk] of chunks.entries()) {
      await this.sql.run(
        'INSERT INTO file_chunks (id, file_id, position, text, page, section, index_text, char_start, char_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
          chunkIdFor(fileId, chunk.position),
          fileId,
          chunk.position,
          chunk.text,
          chunk.page ?? null,
          chunk.section ?? null,
          indexTexts[index] ?? '',
          chunk.charStart ?? null,
          chunk.charEnd ?? null,
        ],
      );
    }
  }

  async deleteFile(fileId: string): Promise<void> {
    this.statistics = undefined;
    await this.sql.run('DELETE FROM file_chunks WHERE file_id = ?', [fileId]);
  }

  async search(query: string, options: { limit: number; fileIds?: string[] }): Promise<KeywordMatch[]> {
    const common = await this.commonTerms(query);
    const indexed = new Set<string>();
    for (const whole of analyzeQuery(query).identifiers) if ((await this.documentsWith(whole)) > 0) indexed.add(whole);
    const match = toFtsQuery(
      query,
      (term) => common.has(term),
      (whole) => indexed.has(whole),
    );
    if (!match) return [];
    if (!options.fileIds) {
      // Rank inside FTS5 first and join only the winners: the join then costs `limit` lookups, not one per match.
      return this.sql.all<KeywordMatch>(
        `SELECT c.id AS id, hits.rank AS rank
           FROM (SELECT rowid, rank FROM file_chunks_fts WHERE file_chunks_fts MATCH ? ORDER BY rank LIMIT ?) hits
           JOIN file_chunks c ON c.seq = hits.rowid
          ORDER BY hits.rank`,
        [match, options.limit],
      );
    }
    return this.sql.all<KeywordMatch>(
      `SELECT c.id AS id, file_chunks_fts.rank AS rank
         FROM file_chunks_fts JOIN file_chunks c ON c.seq = file_chunks_fts.rowid
        WHERE file_chunks_fts MATCH ? AND c.file_id IN (${options.fileIds.map(() => '?').join(', ')})
        ORDER BY rank LIMIT ?`,
      [match, ...options.fileIds, options.limit],
    );
  }

  /** Query words in so many chunks (fts5vocab's document counts) that bm25 would only lose time on them. */
  private async commonTerms(query: string): Promise<Set<string>> {
    const common = new Set<string>();
    const statistics = await this.currentStatistics();
    if (!mayHaveCommonTerms(statistics.total)) return common;
    for (const term of droppableTerms(query))
      if (isCommonTerm(await this.documentsWith(term), statistics.total)) common.add(term);
    return common;
  }

  /** How many chunks hold the token (fts5vocab), cached with the statistics. */
  private async documentsWith(term: string): Promise<number> {
    const statistics = await this.currentStatistics();
    let docs = statistics.docs.get(term);
    if (docs === undefined) {
      docs =
        (await this.sql.get<{ doc: number }>('SELECT doc FROM file_chunks_vocab WHERE term = ?', [term]))?.doc ?? 0;
      if (statistics.docs.size < MAX_CACHED_TERMS) statistics.docs.set(term, docs);
    }
    return docs;
  }

  private async currentStatistics(): Promise<{ total: number; docs: Map<string, number> }> {
    if (!this.statistics || Date.now() - this.statistics.readAt > STATISTICS_TTL_MS) {
      const total = (await this.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM file_chunks'))?.n ?? 0;
      this.statistics = { total, docs: new Map(), readAt: Date.now() };
    }
    return this.statistics;
  }
}
