import type { Readable } from 'node:stream';

/** An inclusive byte range of an original, as HTTP `Range` names it. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where uploaded originals are kept for ingestion, download and page viewing: the local disk in the
 * embedded default, PostgreSQL when several processes (each with its own disk) act as one.
 */
export interface OriginalStore {
  /**
   * Keeps the checked upload lying at `path` (the file is moved or consumed). Inside the caller's
   * database transaction, so an upload that fails before its row is written leaves nothing behind.
   */
  put(fileId: string, path: string): Promise<void>;
  /** The original's bytes (or a range of them); undefined when this store holds none for the id. */
  open(fileId: string, range?: ByteRange): Promise<Readable | undefined>;
  /** A path on this host's disk holding the original, fetched into the cache if needed (the extractor reads files). */
  localPath(fileId: string): Promise<string>;
  /** Drops what `localPath` fetched (the original itself stays). */
  release(fileId: string): Promise<void>;
  /** Removes the original and any local copy; a missing one is not an error. */
  delete(fileId: string): Promise<void>;
}
