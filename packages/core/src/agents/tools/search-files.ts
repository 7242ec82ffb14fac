import { z } from 'zod';
import type { FileRetriever } from '../../ports/file-retriever';
import { citationOf, defineTool, type AgentTool } from './tool';

/** `search_files`: ranked passages from the user's indexed files. */
export function searchFilesTool(files: FileRetriever): AgentTool {
  return defineTool({
    name: 'search_files',
    description: "Search the user's uploaded files; returns the most relevant passages with file names and chunk ids.",
    parameters: z.object({
      query: z.string().min(1).max(2000).describe('what to look for'),
      k: z.number().int().min(1).max(20).optional().describe('how many passages (default 5)'),
      fileIds: z.array(z.string()).max(100).optional().describe('limit the search to these files'),
    }),
    execute: async (args, context) => {
      const fileIds = args.fileIds?.length ? args.fileIds : context.fileIds;
      const hits = await files.search(
        { query: args.query, k: args.k ?? 5, ...(fileIds?.length ? { fileIds } : {}) },
        context.signal,
      );
      if (hits.length === 0) return { content: 'No passages matched.', sources: [] };
      const content = hits
        .map(
          (hit, index) =>
            `[${index + 1}] ${hit.fileName}${hit.page !== undefined ? ` p.${hit.page}` : ''} (chunk ${hit.chunkId}): ${clip(hit.text, 600)}`,
        )
        .join('\n');
      return { content, sources: hits.map(citationOf), passages: hits };
    },
  });
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
