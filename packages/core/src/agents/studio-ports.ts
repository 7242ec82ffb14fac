import type { FileService } from '../files/file-service';
import type { MemoryManager } from '../memory/memory-manager';
import type { AgentToolPorts } from './tools/tool-ports';

/** Adapts the studio's files and memory services to the narrow ports agent tools use. */
export function studioToolPorts(input: {
  files: FileService;
  memory: MemoryManager;
}): Required<Omit<AgentToolPorts, 'external'>> {
  return {
    files: input.files,
    memory: input.memory,
    chunks: input.files,
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
