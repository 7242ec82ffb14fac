import type { Chunk } from '../ingestion/chunking';

/** A stored chunk with the name of its file, as search returns it. */
export interface StoredChunk {
  id: string;
  fileId: string;
  fileName: string;
  position: number;
  text: string;
  page?: number;
  section?: string;
  /** Where the chunk lies in its page's (or section's) text (see Chunk). */
  charStart?: number;
  charEnd?: number;
  /** The tokens it is indexed by (see `indexTextsOf`), for telling which identifiers it holds. */
  indexText?: string;
}

/** A keyword match: the chunk id and its rank (lower is better; comparable only within one search). */
export interface KeywordMatch {
  id: string;
  rank: number;
}

/**
 * The chunks' text and a full-text index over it: FTS5 (bm25) on SQLite, a tsvector with a GIN
 * index (ts_rank_cd) on PostgreSQL. Both tokenize alike (letter/digit runs), so the same query
 * finds the same chunks; an exact code in the query ("ZX-4471-Q") always finds its chunk.
 */
export interface KeywordIndex {
  /** Replaces a file's chunks; call inside the caller's transaction. */
  replaceFileChunks(fileId: string, chunks: Chunk[]): Promise<void>;
  /** Adds chunks to a file's (a large file is written in batches, each its own short transaction). */
  appendFileChunks(fileId: string, chunks: Chunk[]): Promise<void>;
  deleteFile(fileId: string): Promise<void>;
  /** Matches of any query word; words like "ZX-4471-Q" also match as one exact phrase. */
  search(query: string, options: { limit: number; fileIds?: string[] }): Promise<KeywordMatch[]>;
  /** The chunks with these ids (of files that still exist), in no particular order. */
  getChunks(ids: string[]): Promise<StoredChunk[]>;
  /** A file's chunks at positions from..to (inclusive), in order. */
  getFileChunks(fileId: string, from: number, to: number): Promise<StoredChunk[]>;
  /** Whether any file has chunks indexed. */
  hasChunks(): Promise<boolean>;
  countFileChunks(fileId: string): Promise<number>;
}

/** Deterministic chunk ids: a re-run of the same file overwrites instead of duplicating. */
export function chunkIdFor(fileId: string, position: number): string {
  return `${fileId}:${position}`;
}

/** A chunk row as both dialects return it (NULL page and section). */
export type ChunkRow = Omit<StoredChunk, 'page' | 'section' | 'charStart' | 'charEnd' | 'indexText'> & {
  page: number | null;
  section: string | null;
  charStart?: number | null;
  charEnd?: number | null;
  indexText?: string | null;
};

/** `StoredChunk` of a row. */
export function toStoredChunk(row: ChunkRow): StoredChunk {
  const { indexText, ...rest } = row;
  return {
    ...rest,
    page: row.page ?? undefined,
    section: row.section ?? undefined,
    charStart: row.charStart ?? undefined,
    charEnd: row.charEnd ?? undefined,
    ...(indexText ? { indexText } : {}),
  };
}
