import { z } from 'zod';
import { IdSchema, PageInputSchema, ResumableInputSchema, TimestampSchema, UserIdSchema } from './common';

/** Largest message accepted by chat; long pastes are fine, unbounded input is not. */
export const MAX_MESSAGE_CHARS = 100_000;

export const CitationSchema = z.object({
  fileId: z.string(),
  fileName: z.string(),
  chunkId: z.string(),
  page: z.number().int().optional(),
  snippet: z.string(),
  score: z.number(),
  /** The `[n]` the answer cites this source by: its rank among the passages retrieved for the question. */
  number: z.number().int().min(1).optional(),
  section: z.string().optional(),
  /** Where the passage lies in its page's (or section's) extracted text: [charStart, charEnd). */
  charStart: z.number().int().min(0).optional(),
  charEnd: z.number().int().min(0).optional(),
});
export type Citation = z.infer<typeof CitationSchema>;

export const ChatModeSchema = z.enum(['llm', 'offline']);
export type ChatMode = z.infer<typeof ChatModeSchema>;

export const ChatSendInputSchema = z.object({
  sessionId: IdSchema.optional(),
  message: z
    .string()
    .max(MAX_MESSAGE_CHARS, `message is longer than ${MAX_MESSAGE_CHARS} characters`)
    .refine((value) => value.trim().length > 0, 'message must not be empty'),
  fileIds: z.array(IdSchema).max(100).optional(),
  userId: UserIdSchema.optional(),
});
export type ChatSendInput = z.infer<typeof ChatSendInputSchema>;

export const ChatSendOutputSchema = z.object({
  sessionId: z.string(),
  messageId: z.string(),
  reply: z.string(),
  citations: z.array(CitationSchema),
  executionId: z.string(),
  mode: ChatModeSchema,
});
export type ChatSendOutput = z.infer<typeof ChatSendOutputSchema>;

export const ChatStreamInputSchema = ChatSendInputSchema.extend(ResumableInputSchema.shape);
export type ChatStreamInput = z.infer<typeof ChatStreamInputSchema>;

export const ChatEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    sessionId: z.string(),
    messageId: z.string(),
    executionId: z.string(),
    mode: ChatModeSchema.optional(),
  }),
  z.object({ type: z.literal('token'), text: z.string() }),
  z.object({ type: z.literal('citation'), citation: CitationSchema }),
  z.object({ type: z.literal('end'), reply: z.string(), citations: z.array(CitationSchema) }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type ChatEvent = z.infer<typeof ChatEventSchema>;

/** Answers the same question again: `messageId` names the question or an answer to it. */
export const ChatRetryInputSchema = z.object({ sessionId: IdSchema, messageId: IdSchema });
export type ChatRetryInput = z.infer<typeof ChatRetryInputSchema>;

export const ChatCancelInputSchema = z.object({ executionId: IdSchema });
export const ChatCancelOutputSchema = z.object({ executionId: z.string(), cancelled: z.boolean() });

/** `query`: only sessions whose title contains it (case-insensitive). */
export const ChatSessionsInputSchema = PageInputSchema.extend({ query: z.string().trim().max(200).optional() });
export type ChatSessionsInput = z.infer<typeof ChatSessionsInputSchema>;

/** `chat.renameSession`: a title the user chose replaces the one taken from the first question. */
export const ChatRenameSessionInputSchema = z.object({ sessionId: IdSchema, title: z.string().trim().min(1).max(200) });
export type ChatRenameSessionInput = z.infer<typeof ChatRenameSessionInputSchema>;
export const ChatSessionRefInputSchema = z.object({ sessionId: IdSchema });
/** `chat.deleteSession` hides a session (kept for undo); `chat.restoreSession` brings it back. */
export const ChatDeleteSessionOutputSchema = z.object({ sessionId: z.string(), deleted: z.literal(true) });
export const ChatRestoreSessionOutputSchema = z.object({ sessionId: z.string(), restored: z.literal(true) });
export const ChatSessionSummarySchema = z.object({
  sessionId: z.string(),
  title: z.string(),
  updatedAt: TimestampSchema,
  messageCount: z.number().int(),
});
export type ChatSessionSummary = z.infer<typeof ChatSessionSummarySchema>;
export const ChatSessionsOutputSchema = z.object({
  items: z.array(ChatSessionSummarySchema),
  nextCursor: z.string().nullable(),
});

export const ChatHistoryInputSchema = z.object({ sessionId: IdSchema });
/**
 * An answer that did not finish as a whole: `streaming` while it is written, else how it stopped.
 * Absent for a complete answer (and for questions); the partial text is kept as `content`.
 */
export const ChatMessageStatusSchema = z.enum(['streaming', 'interrupted', 'failed', 'cancelled']);
export type ChatMessageStatus = z.infer<typeof ChatMessageStatusSchema>;
export const ChatMessageSchema = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant', 'system']),
  content: z.string(),
  citations: z.array(CitationSchema),
  createdAt: TimestampSchema,
  status: ChatMessageStatusSchema.optional(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;
export const ChatHistoryOutputSchema = z.object({ messages: z.array(ChatMessageSchema) });

export const ChatEventsInputSchema = z.object({ sessionId: IdSchema }).extend(ResumableInputSchema.shape);
