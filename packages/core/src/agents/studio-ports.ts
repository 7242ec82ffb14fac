import type { FileService } from '../files/file-service';
import { createKeywordIndex } from '../files/search/create-keyword-index';
import type { MemoryManager } from '../memory/memory-manager';
import type { Sql } from '../store/sql';
import type { AgentToolPorts } from './tools/tool-ports';

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
        return chunk
          ? {
              chunkId: chunk.id,
              fileId: chunk.fileId,
              fileName: chunk.fileName,
              text: chunk.text,
              ...(chunk.page !== undefined ? { page: chunk.page } : {}),
            }
          : undefined;
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
