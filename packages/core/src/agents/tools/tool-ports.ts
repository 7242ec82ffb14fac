import type { FileRetriever } from '../../ports/file-retriever';
import type { MemoryRecall } from '../../ports/memory-recall';
import type { AgentTool } from './tool';

/** One stored chunk of a file, as `read_chunk` returns it. */
export interface ChunkText {
  chunkId: string;
  fileId: string;
  fileName: string;
  text: string;
  page?: number;
}

/** Reads a chunk by id (the files domain implements it). */
export interface ChunkReader {
  readChunk(chunkId: string, signal?: AbortSignal): Promise<ChunkText | undefined>;
  /** Every chunk of a file in document order (empty for an unknown file); lets `summarize` read it whole. */
  readDocument?(fileId: string, signal?: AbortSignal): Promise<ChunkText[]>;
}

/** Lists the user's files (the files domain implements it). */
export interface FileLister {
  listFiles(signal?: AbortSignal): Promise<{ fileId: string; name: string; mimeType: string; status: string }[]>;
}

/** Stores a memory (the memory domain implements it). */
export interface MemoryWriter {
  remember(
    input: { userId: string; type: 'fact' | 'profile'; content: string },
    signal?: AbortSignal,
  ): Promise<{ id: string }>;
}

/** The domains tools reach through; a missing port means its tools are not offered to agents. */
export interface AgentToolPorts {
  files?: FileRetriever;
  chunks?: ChunkReader;
  fileList?: FileLister;
  memory?: MemoryRecall;
  memoryWriter?: MemoryWriter;
  /** Tools from outside the studio (MCP servers), read at each run. */
  external?: ExternalToolSource;
}

/** Tools that come and go at run time (MCP servers connecting, dropping, reconfigured). */
export interface ExternalToolSource {
  tools(): readonly AgentTool[];
}
