import type { ChunkReader } from '../../ports/chunk-reader';
import type { FileRetriever } from '../../ports/file-retriever';
import type { MemoryRecall } from '../../ports/memory-recall';
import type { AgentTool } from './tool';

export type { ChunkReader, ChunkText } from '../../ports/chunk-reader';

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
