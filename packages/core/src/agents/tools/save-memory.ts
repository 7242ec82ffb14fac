import { z } from 'zod';
import { defineTool, type AgentTool } from './tool';
import type { MemoryWriter } from './tool-ports';

/** `save_memory`: stores a fact or profile detail the user wants remembered. */
export function saveMemoryTool(writer: MemoryWriter): AgentTool {
  return defineTool({
    name: 'save_memory',
    description: 'Store a fact about the user or their work so later conversations can recall it.',
    parameters: z.object({
      content: z.string().min(1).max(8192),
      type: z.enum(['fact', 'profile']).optional().describe('profile for who the user is, fact otherwise'),
    }),
    execute: async (args, context) => {
      await writer.remember(
        { userId: context.userId, type: args.type ?? 'fact', content: args.content },
        context.signal,
      );
      // No id in the text: it ends up in answers, where a user has no use for it.
      return { content: `Saved to memory: “${args.content}”`, sources: [] };
    },
  });
}
