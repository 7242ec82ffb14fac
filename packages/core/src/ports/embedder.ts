/** Turns texts into vectors; files and memory share one, so both search the same space. */
export interface Embedder {
  /** Recorded with every collection: a different name or dimension means a new collection. */
  readonly name: string;
  readonly dimension: number;
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}
