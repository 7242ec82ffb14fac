import type { Sql } from '../../store/sql';
import type { Chunk } from '../ingestion/chunking';
import { ChunkTable } from '../storage/chunk-table';
import { indexTextsOf } from './definitions';
import { chunkIdFor, type KeywordIndex, type KeywordMatch } from './keyword-index';
import { analyzeQuery, droppableTerms, isCommonTerm, mayHaveCommonTerms, toTsQuery } from './keyword-query';

/** How long the planner's word statistics are trusted before they are read again. */
const STATS_TTL_MS = 60_000;

/** An identifier match outranks any plain word match: ts_rank_cd stays well below 1 for chunks. */
const RANK = `ts_rank_cd(c.tsv, to_tsquery('simple', ?), 1)
  + CASE WHEN c.tsv @@ to_tsquery('simple', ?) THEN 1 + ts_rank_cd(c.tsv, to_tsquery('simple', ?), 1) ELSE 0 END`;

/**
 * Chunk text in PostgreSQL: `file_chunks.tsv` is a stored tsvector of the text with punctuation
 * blanked (so tokens are letter/digit runs, as with FTS5) under a GIN index, ranked by ts_rank_cd.
 * Words too common to help are found in the planner's statistics of that column (pg_stats), the
 * counterpart of SQLite's fts5vocab.
 */
export class PostgresKeywordIndex extends ChunkTable implements KeywordIndex {
  private stats?: { readAt: number; total: number; docShare: Map<string, number> };

  constructor(sql: Sql) {
    super(sql, 'SELECT json_array_elements_text(?::json)');
  }

  async replaceFileChunks(fileId: string, chunks: Chunk[]): Promise<void> {
    await this.sql.run('DELETE FROM file_chunks WHERE file_id = ?', [fileId]);
    await this.appendFileChunks(fileId, chunks);
  }

  async appendFileChunks(fileId: string, chunks: Chunk[]): Promise<void> {
    if (chunks.length === 0) return;
    // One round trip for the whole file. PostgreSQL text cannot hold NUL characters.
    const fileName = await this.fileName(fileId);
    const indexTexts = indexTextsOf(chunks, fileName);
    const rows = chunks.map((chunk, index) => ({
      id: chunkIdFor(fileId, chunk.position),
      file_id: fileId,
      position: chunk.position,
      text: chunk.text.replaceAll('\u0000', ''),
      page: chunk.page ?? null,
      section: chunk.section?.replaceAll('\u0000', '') ?? null,
      index_text: (indexTexts[index] ?? '').replaceAll('\u0000', ''),
      char_start: chunk.charStart ?? null,
      char_end: chunk.charEnd ?? null,
    }));
    await this.sql.run(
      `INSERT INTO file_chunks (id, file_id, position, text, page, section, index_text, char_start, char_end)
       SELECT id, file_id, position, text, page, section, index_text, char_start, char_end
         FROM json_to_recordset(?::json)
           AS x(id TEXT, file_id TEXT, position INTEGER, text TEXT, page INTEGER, section TEXT, index_text TEXT,
                char_start INTEGER, char_end INTEGER)`,
      [JSON.stringify(rows)],
    );
  }

  async deleteFile(fileId: string): Promise<void> {
    await this.sql.run('DELETE FROM file_chunks WHERE file_id = ?', [fileId]);
  }

  async search(query: string, options: { limit: number; fileIds?: string[] }): Promise<KeywordMatch[]> {
    const common = await this.commonTerms(query);
    // Common parts of identifiers go too (the whole identifier stays): the GIN index then narrows a
    // query like "REF-1234" to the few chunks holding it instead of ranking every chunk with "ref".
    const indexed = new Set<string>();
    for (const whole of analyzeQuery(query).identifiers) {
      const held = await this.sql.get(`SELECT 1 AS one FROM file_chunks WHERE tsv @@ to_tsquery('simple', ?) LIMIT 1`, [
        `'${whole}'`,
      ]);
      if (held) indexed.add(whole);
    }
    const tsquery = toTsQuery(
      query,
      (term) => common.has(term),
      (whole) => indexed.has(whole),
    );
    if (!tsquery) return [];
    const codes = tsquery.codes ?? null;
    const rankParams = [tsquery.words, codes, codes];
    if (!options.fileIds) {
      return this.sql.all<KeywordMatch>(
        `SELECT c.id, -(${RANK}) AS rank FROM file_chunks c
          WHERE c.tsv @@ to_tsquery('simple', ?)
          ORDER BY rank, c.seq LIMIT ?`,
        [...rankParams, tsquery.words, options.limit],
      );
    }
    return this.sql.all<KeywordMatch>(
      `SELECT c.id, -(${RANK}) AS rank FROM file_chunks c
        WHERE c.tsv @@ to_tsquery('simple', ?) AND c.file_id IN (SELECT json_array_elements_text(?::json))
        ORDER BY rank, c.seq LIMIT ?`,
      [...rankParams, tsquery.words, JSON.stringify(options.fileIds), options.limit],
    );
  }

  /**
   * Query words in a large share of chunks by the planner's statistics (ANALYZE, which autovacuum
   * runs as the table grows, keeps the most common lexemes of `tsv` with the share of rows holding
   * each). Before the first ANALYZE nothing is dropped.
   */
  private async commonTerms(query: string): Promise<Set<string>> {
    const common = new Set<string>();
    const candidates = droppableTerms(query);
    if (candidates.length === 0) return common;
    const stats = await this.readStats();
    if (!mayHaveCommonTerms(stats.total)) return common;
    for (const term of candidates) {
      if (isCommonTerm((stats.docShare.get(term) ?? 0) * stats.total, stats.total)) common.add(term);
    }
    return common;
  }

  private async readStats(): Promise<{ total: number; docShare: Map<string, number> }> {
    if (this.stats && Date.now() - this.stats.readAt < STATS_TTL_MS) return this.stats;
    const row = await this.sql.get<{ total: number; terms: string[] | null; shares: number[] | null }>(
      `SELECT cls.reltuples AS total, s.most_common_elems::text::text[] AS terms, s.most_common_elem_freqs AS shares
         FROM pg_class cls
         LEFT JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = 'file_chunks' AND s.attname = 'tsv'
        WHERE cls.oid = 'file_chunks'::regclass`,
    );
    const docShare = new Map<string, number>();
    // The share list runs parallel to the lexemes (and ends with three summary values).
    row?.terms?.forEach((term, index) => docShare.set(term, row.shares?.[index] ?? 0));
    this.stats = { readAt: Date.now(), total: Math.max(0, row?.total ?? 0), docShare };
    return this.stats;
  }
}
