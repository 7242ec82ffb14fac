import { z } from 'zod';
import { MAX_MESSAGE_CHARS } from './chat';
import { UserIdSchema } from './common';

const ContentPartSchema = z.object({ type: z.string(), text: z.string().optional() }).passthrough();

/** A message as OpenAI-compatible clients send it; text parts of multi-part content are joined. */
export const OpenAIMessageSchema = z
  .object({
    role: z.enum(['system', 'user', 'assistant', 'tool', 'developer']),
    content: z.union([z.string(), z.array(ContentPartSchema), z.null()]).optional(),
  })
  .passthrough();

/** `POST /v1/chat/completions` body: the subset the studio honours; unknown fields are ignored. */
export const OpenAIChatRequestSchema = z
  .object({
    model: z.string().min(1).max(200),
    messages: z.array(OpenAIMessageSchema).min(1).max(1000),
    stream: z.boolean().optional(),
    /** Becomes the studio's `userId` (memory scope), so it follows the same rule. */
    user: UserIdSchema.optional(),
  })
  .passthrough()
  .refine((request) => request.messages.some((message) => message.role === 'user'), {
    message: 'messages must include a user message',
    path: ['messages'],
  });
export type OpenAIChatRequest = z.infer<typeof OpenAIChatRequestSchema>;

/** The text of the last user message, or undefined when it has none. */
export function lastUserMessage(request: OpenAIChatRequest): string | undefined {
  const message = [...request.messages].reverse().find((item) => item.role === 'user');
  if (!message?.content) return undefined;
  const text =
    typeof message.content === 'string' ? message.content : message.content.map((part) => part.text ?? '').join('');
  return text.length > MAX_MESSAGE_CHARS ? undefined : text;
}

/** The one model the endpoint lists: the studio's orchestrator itself. */
export const STUDIO_MODEL_ID = 'local-agent-studio';
