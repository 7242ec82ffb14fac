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

/** A turn of a conversation a client kept itself (OpenAI-style clients send the whole conversation). */
export interface ConversationTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * The turns before the last user message: the system prompt (system and developer messages) and the
 * earlier user and assistant turns, as text. Tool messages carry no conversation and are left out.
 */
export function priorTurns(request: OpenAIChatRequest): ConversationTurn[] {
  const lastUser = request.messages.map((item) => item.role).lastIndexOf('user');
  const turns: ConversationTurn[] = [];
  for (const message of request.messages.slice(0, Math.max(0, lastUser))) {
    const content = textOf(message.content);
    if (!content.trim()) continue;
    if (message.role === 'system' || message.role === 'developer') turns.push({ role: 'system', content });
    else if (message.role === 'user' || message.role === 'assistant') turns.push({ role: message.role, content });
  }
  return turns;
}

function textOf(content: OpenAIChatRequest['messages'][number]['content']): string {
  if (!content) return '';
  return typeof content === 'string' ? content : content.map((part) => part.text ?? '').join('');
}

/** The text of the last user message, or undefined when it has none. */
export function lastUserMessage(request: OpenAIChatRequest): string | undefined {
  const message = [...request.messages].reverse().find((item) => item.role === 'user');
  if (!message?.content) return undefined;
  const text = textOf(message.content);
  return text.length > MAX_MESSAGE_CHARS ? undefined : text;
}

/** The one model the endpoint lists: the studio's orchestrator itself. */
export const STUDIO_MODEL_ID = 'local-agent-studio';
