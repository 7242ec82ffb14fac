import type { FileService } from '../files/file-service';
import { createKeywordIndex } from '../files/search/create-keyword-index';
import { chunkIdFor, type StoredChunk } from '../files/search/keyword-index';
import type { MemoryManager } from '../memory/memory-manager';
import type { Sql } from '../store/sql';
import type { AgentToolPorts, ChunkText } from './tools/tool-ports';

/** The most chunks `summarize` reads of one file (about 2 MB of text). */
const MAX_DOCUMENT_CHUNKS = 2000;

function toChunkText(chunk: StoredChunk): ChunkText {
  return {
    chunkId: chunk.id,
    fileId: chunk.fileId,
    fileName: chunk.fileName,
    text: chunk.text,
    ...(chunk.page !== undefined ? { page: chunk.page } : {}),
  };
}

/** Adapts the studio's files and memory services to the narrow ports agent tools use. */
export function studioToolPorts(input: {
  db: Sql;
  files: FileService;
  memory: MemoryManager;
}): Required<Omit<AgentToolPorts, 'external'>> {
  const chunks = createKeywordIndex(input.db);
  return {
    files: input.files,
    memory: input.memory,
    chunks: {
      readChunk: async (chunkId) => {
        const [chunk] = await chunks.getChunks([chunkId]);
        return chunk ? toChunkText(chunk) : undefined;
      },
      readDocument: async (fileId) => {
        // Positions run from 0 without gaps; a whole manual is read in one statement.
        const count = Math.min(await chunks.countFileChunks(fileId), MAX_DOCUMENT_CHUNKS);
        const stored = await chunks.getChunks(
          Array.from({ length: count }, (_, position) => chunkIdFor(fileId, position)),
        );
        return stored.sort((a, b) => a.position - b.position).map(toChunkText);
      },
    },
    fileList: {
      listFiles: async () =>
        (await input.files.list({ limit: 200 })).items.map((file) => ({
          fileId: file.fileId,
          name: file.name,
          mimeType: file.mimeType,
          status: file.status,
        })),
    },
    memoryWriter: {
      remember: async ({ userId, type, content }) => ({ id: (await input.memory.add({ type, content, userId })).id }),
    },
  };
}
