import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../store/database';
import type { Chunk } from './chunking';

/** A stored chunk with the name of its file, as search returns it. */
export interface StoredChunk {
  id: string;
  fileId: string;
  fileName: string;
  position: number;
  text: string;
  page?: number;
  section?: string;
}

/** A keyword match: the chunk id and its bm25 rank (lower is better). */
export interface KeywordMatch {
  id: string;
  rank: number;
}

/** Deterministic chunk ids: a re-run of the same file overwrites instead of duplicating. */
export function chunkIdFor(fileId: string, position: number): string {
  return `${fileId}:${position}`;
}

/** Chunk text in SQLite with an FTS5 index (bm25) over it. */
export class KeywordIndex {
  /** Prepared once per SQL text: compiling a statement costs about as much as running these. */
  private readonly statements = new Map<string, Statement<unknown[]>>();

  constructor(private readonly db: SqliteDatabase) {}

  private statement(sql: string): Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Replaces a file's chunks in one statement batch; call inside the caller's transaction. */
  replaceFileChunks(fileId: string, chunks: Chunk[]): void {
    this.db.prepare('DELETE FROM file_chunks WHERE file_id = ?').run(fileId);
    const insert = this.db.prepare(
      'INSERT INTO file_chunks (id, file_id, position, text, page, section) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const chunk of chunks) {
      insert.run(chunkIdFor(fileId, chunk.position), fileId, chunk.position, chunk.text, chunk.page ?? null, chunk.section ?? null);
    }
  }

  deleteFile(fileId: string): void {
    this.db.prepare('DELETE FROM file_chunks WHERE file_id = ?').run(fileId);
  }

  /** bm25 matches of any query word; words like "ZX-4471-Q" also match as one exact phrase. */
  search(query: string, options: { limit: number; fileIds?: string[] }): KeywordMatch[] {
    const total = (this.statement('SELECT COUNT(*) AS n FROM file_chunks').get() as { n: number }).n;
    const match = toFtsQuery(query, (term) => this.isTooCommon(term, total));
    if (!match) return [];
    if (!options.fileIds) {
      // Rank inside FTS5 first and join only the winners: the join then costs `limit` lookups, not one per match.
      return this
        .statement(
          `SELECT c.id AS id, hits.rank AS rank
             FROM (SELECT rowid, rank FROM file_chunks_fts WHERE file_chunks_fts MATCH ? ORDER BY rank LIMIT ?) hits
             JOIN file_chunks c ON c.seq = hits.rowid
            ORDER BY hits.rank`,
        )
        .all(match, options.limit) as KeywordMatch[];
    }
    return this.db
      .prepare(
        `SELECT c.id AS id, file_chunks_fts.rank AS rank
           FROM file_chunks_fts JOIN file_chunks c ON c.seq = file_chunks_fts.rowid
          WHERE file_chunks_fts MATCH ? AND c.file_id IN (${options.fileIds.map(() => '?').join(', ')})
          ORDER BY rank LIMIT ?`,
      )
      .all(match, ...options.fileIds, options.limit) as KeywordMatch[];
  }

  /**
   * A word in so many chunks that bm25 would spend milliseconds scoring thousands of rows for a
   * term with almost no weight: leave it to the vector side. Codes and phrases are never dropped.
   */
  private isTooCommon(term: string, total: number): boolean {
    if (total < COMMON_TERM_MIN_DOCS) return false;
    const row = this.statement('SELECT doc FROM file_chunks_vocab WHERE term = ?').get(term) as { doc: number } | undefined;
    return (row?.doc ?? 0) > Math.max(COMMON_TERM_MIN_DOCS, total * COMMON_TERM_SHARE);
  }

  /** The chunks with these ids (of files that still exist), in no particular order. */
  getChunks(ids: string[]): StoredChunk[] {
    if (ids.length === 0) return [];
    // One statement for any number of ids (a JSON array), so it is compiled once.
    const rows = this
      .statement(
        `SELECT c.id, c.file_id AS fileId, f.name AS fileName, c.position, c.text, c.page, c.section
           FROM file_chunks c JOIN files f ON f.id = c.file_id
          WHERE c.id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids)) as (Omit<StoredChunk, 'page' | 'section'> & { page: number | null; section: string | null })[];
    return rows.map((row) => ({ ...row, page: row.page ?? undefined, section: row.section ?? undefined }));
  }

  /** Whether any file has chunks indexed. */
  hasChunks(): boolean {
    return this.statement('SELECT 1 FROM file_chunks LIMIT 1').get() !== undefined;
  }

  countFileChunks(fileId: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM file_chunks WHERE file_id = ?').get(fileId) as { n: number }).n;
  }
}

/** A word found in more chunks than this, and in more than this share of all chunks, is "common". */
const COMMON_TERM_MIN_DOCS = 1500;
const COMMON_TERM_SHARE = 0.05;

/** English function words: they match nearly every chunk, cost time in bm25 and add no signal. */
const STOPWORDS = new Set(
  'a an and are as at be but by can do does for from had has have how i if in into is it its may must of on or our should so than that the their then there these they this to was we were what when where which who why will with would you your'.split(' '),
);

/**
 * Builds an FTS5 query from free text: every content word as a quoted term (OR), and each word that
 * the tokenizer would split (codes like "ZX-4471-Q", "v2.3.1") as a quoted phrase so it matches
 * exactly. Stopwords are dropped unless the query has nothing else; words `isTooCommon` names are dropped
 * (and then never replaced by stopwords).
 */
export function toFtsQuery(query: string, isTooCommon: (term: string) => boolean = () => false): string | undefined {
  const terms = new Set<string>();
  const fallback = new Set<string>();
  let droppedCommon = false;
  for (const word of query.split(/\s+/)) {
    const tokens = word.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    for (const token of tokens) {
      if (tokens.length === 1 && STOPWORDS.has(token)) fallback.add(`"${token}"`);
      else if (tokens.length > 1 || !isTooCommon(token)) terms.add(`"${token}"`);
      else droppedCommon = true;
    }
    if (tokens.length > 1) terms.add(`"${tokens.join(' ')}"`);
  }
  // Content words all too common: stopwords are commoner still, so leave the query to the vectors
  // (falling back to them made bm25 score every chunk, ~11 ms at 20k chunks).
  const chosen = terms.size > 0 ? terms : droppedCommon ? new Set<string>() : fallback;
  return chosen.size > 0 ? [...chosen].join(' OR ') : undefined;
}
