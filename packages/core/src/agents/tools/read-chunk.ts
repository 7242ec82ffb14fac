import { z } from 'zod';
import { citationOf, defineTool, type AgentTool } from './tool';
import type { ChunkReader } from './tool-ports';

/** `read_chunk`: the full text of one chunk found by a search. */
export function readChunkTool(chunks: ChunkReader): AgentTool {
  return defineTool({
    name: 'read_chunk',
    description: 'Read the full text of one chunk of a file by its chunk id (from search_files).',
    parameters: z.object({ chunkId: z.string().min(1).max(300) }),
    execute: async (args, context) => {
      const chunk = await chunks.readChunk(args.chunkId, context.signal);
      if (!chunk) throw new Error(`no chunk with id ${args.chunkId}`);
      return {
        content: `${chunk.fileName}${chunk.page !== undefined ? ` p.${chunk.page}` : ''}: ${chunk.text}`,
        sources: [citationOf({ ...chunk, score: 1 })],
      };
    },
  });
}
