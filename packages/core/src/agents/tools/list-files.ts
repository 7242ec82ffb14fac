import { z } from 'zod';
import { defineTool, type AgentTool } from './tool';
import type { FileLister } from './tool-ports';

/** `list_files`: the user's files and whether each is ready to search. */
export function listFilesTool(lister: FileLister): AgentTool {
  return defineTool({
    name: 'list_files',
    description: "List the user's uploaded files with their ids, types and processing status.",
    parameters: z.object({}),
    execute: async (_args, context) => {
      const files = await lister.listFiles(context.signal);
      if (files.length === 0) return { content: 'No files uploaded.', sources: [] };
      return {
        content: files.map((file) => `- ${file.name} (id ${file.fileId}, ${file.mimeType}, ${file.status})`).join('\n'),
        sources: [],
      };
    },
  });
}
