/** One stored chunk of a file, as `read_chunk` returns it. */
export interface ChunkText {
  chunkId: string;
  fileId: string;
  fileName: string;
  text: string;
  page?: number;
}

/** Reads stored chunks by id or by file: the files domain implements it, agent tools and MCP read through it. */
export interface ChunkReader {
  readChunk(chunkId: string, signal?: AbortSignal): Promise<ChunkText | undefined>;
  /** Every chunk of a file in document order (empty for an unknown file); lets `summarize` read it whole. */
  readDocument?(fileId: string, signal?: AbortSignal): Promise<ChunkText[]>;
}
