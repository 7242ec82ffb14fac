import { z } from 'zod';
import type { MemoryRecall } from '../../ports/memory-recall';
import { defineTool, type AgentTool } from './tool';

/** `recall_memory`: what the studio remembers about the user that bears on a query. */
export function recallMemoryTool(memory: MemoryRecall): AgentTool {
  return defineTool({
    name: 'recall_memory',
    description: "Recall the user's profile and stored memories relevant to a query.",
    parameters: z.object({ query: z.string().min(1).max(2000) }),
    execute: async (args, context) => {
      const { profile, relevant } = await memory.recall({ userId: context.userId, query: args.query }, context.signal);
      const lines = [...profile, ...relevant].map((hit) => `- (${hit.type}) ${hit.content}`);
      return { content: lines.length > 0 ? lines.join('\n') : 'No memories matched.', sources: [] };
    },
  });
}
