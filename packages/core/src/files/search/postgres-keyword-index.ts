import type { Sql } from '../../store/sql';
import type { Chunk } from '../ingestion/chunking';
import { ChunkTable } from '../storage/chunk-table';
import { indexTextsOf } from './definitions';
import { chunkIdFor, type KeywordIndex, type KeywordMatch } from './keyword-index';
import { analyzeQuery, droppableTerms, isCommonTerm, mayHaveCommonTerms, toTsTerms } from './keyword-query';

/** How long the planner's word statistics are trusted before they are read again. */
const STATS_TTL_MS = 60_000;

/** A term's document count is cached this long (a count over the GIN index per new term). */
const DOCUMENT_COUNT_TTL_MS = 5000;
const MAX_CACHED_TERMS = 10_000;

/**
 * What one occurrence of a term scores in ts_rank_cd (0.1, divided by 1 + ln length) in a chunk of
 * ~180 tokens, the usual size: a term's score saturates as bm25's does, half its weight at one
 * occurrence, so ten mentions of "error" do not outweigh one of "23505".
 */
const ONE_OCCURRENCE = 0.1 / (1 + Math.log(180));

/**
 * ts_rank_cd weighs every term alike and grows with every mention, so a common word said often
 * outranked a rare one: each term's ts_rank_cd is saturated (s / (s + ONE_OCCURRENCE)) and weighted
 * by its inverse document frequency (bm25's), and a chunk holding an identifier or phrase named in
 * the query gains more than all words together.
 */
function rankSql(terms: number, codes: boolean): string {
  const term = `ts_rank_cd(c.tsv, to_tsquery('simple', ?), 1)`;
  const words = Array.from({ length: terms }, () => `?::real * (${term} / (${term} + ${ONE_OCCURRENCE}))`);
  return `${words.join(' + ')}${codes ? ` + CASE WHEN c.tsv @@ to_tsquery('simple', ?) THEN ?::real ELSE 0 END` : ''}`;
}

/**
 * Chunk text in PostgreSQL: `file_chunks.tsv` is a stored tsvector of the text with punctuation
 * blanked (so tokens are letter/digit runs, as with FTS5) under a GIN index, ranked by ts_rank_cd.
 * Words too common to help are found in the planner's statistics of that column (pg_stats), the
 * counterpart of SQLite's fts5vocab.
 */
export class PostgresKeywordIndex extends ChunkTable implements KeywordIndex {
  private stats?: { readAt: number; total: number; docShare: Map<string, number> };
  private documentCounts?: { readAt: number; total: number; docs: Map<string, number> };

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
    for (const whole of analyzeQuery(query).identifiers)
      if ((await this.documentsWith(`'${whole}'`)) > 0) indexed.add(whole);
    const { terms, codes } = toTsTerms(
      query,
      (term) => common.has(term),
      (whole) => indexed.has(whole),
    );
    if (terms.length === 0) return [];
    const total = await this.documentTotal();
    const rankParams: (string | number)[] = [];
    let weights = 0;
    for (const term of terms) {
      const docs = await this.documentsWith(term);
      const weight = Math.log(1 + (total - docs + 0.5) / (docs + 0.5));
      weights += weight;
      rankParams.push(weight, term, term);
    }
    if (codes.length > 0) rankParams.push(codes.join(' | '), weights + 1);
    const rank = rankSql(terms.length, codes.length > 0);
    const words = terms.join(' | ');
    if (!options.fileIds) {
      return this.sql.all<KeywordMatch>(
        `SELECT c.id, -(${rank}) AS rank FROM file_chunks c
          WHERE c.tsv @@ to_tsquery('simple', ?)
          ORDER BY rank, c.seq LIMIT ?`,
        [...rankParams, words, options.limit],
      );
    }
    return this.sql.all<KeywordMatch>(
      `SELECT c.id, -(${rank}) AS rank FROM file_chunks c
        WHERE c.tsv @@ to_tsquery('simple', ?) AND c.file_id IN (SELECT json_array_elements_text(?::json))
        ORDER BY rank, c.seq LIMIT ?`,
      [...rankParams, words, JSON.stringify(options.fileIds), options.limit],
    );
  }

  /** How many chunks match one tsquery term, cached briefly (the GIN index answers it). */
  private async documentsWith(term: string): Promise<number> {
    await this.documentTotal();
    const counts = this.documentCounts;
    const cached = counts?.docs.get(term);
    if (cached !== undefined) return cached;
    const row = await this.sql.get<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM file_chunks WHERE tsv @@ to_tsquery('simple', ?)`,
      [term],
    );
    const docs = Number(row?.n ?? 0);
    if (counts && counts.docs.size < MAX_CACHED_TERMS) counts.docs.set(term, docs);
    return docs;
  }

  private async documentTotal(): Promise<number> {
    if (!this.documentCounts || Date.now() - this.documentCounts.readAt > DOCUMENT_COUNT_TTL_MS) {
      const row = await this.sql.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM file_chunks');
      this.documentCounts = { readAt: Date.now(), total: Number(row?.n ?? 0), docs: new Map() };
    }
    return this.documentCounts.total;
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
