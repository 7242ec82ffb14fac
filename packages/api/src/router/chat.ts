import {
  ChatCancelInputSchema,
  ChatCancelOutputSchema,
  ChatDeleteSessionOutputSchema,
  ChatHistoryInputSchema,
  ChatHistoryOutputSchema,
  ChatRenameSessionInputSchema,
  ChatRestoreSessionOutputSchema,
  ChatRetryInputSchema,
  ChatSendInputSchema,
  ChatSendOutputSchema,
  ChatSessionRefInputSchema,
  ChatSessionSummarySchema,
  ChatSessionsInputSchema,
  ChatSessionsOutputSchema,
  ChatStreamInputSchema,
} from '@studio/shared';
import { tracked } from '@trpc/server';
import { procedure, router } from '../trpc';

export const chatRouter = router({
  send: procedure
    .input(ChatSendInputSchema)
    .output(ChatSendOutputSchema)
    .mutation(({ ctx, input }) => ctx.studio.chat.send(input)),
  /** Answer events as `tracked(id, event)`; a resubscription with `lastEventId` continues the same answer. */
  stream: procedure.input(ChatStreamInputSchema).subscription(async function* ({ ctx, input, signal }) {
    for await (const { id, event } of ctx.studio.chat.stream(input, signal)) yield tracked(id, event);
  }),
  /** Answers the same question again (after an interrupted or failed answer); resolves like `send`. */
  retry: procedure
    .input(ChatRetryInputSchema)
    .output(ChatSendOutputSchema)
    .mutation(({ ctx, input }) => ctx.studio.chat.retry(input)),
  cancel: procedure
    .input(ChatCancelInputSchema)
    .output(ChatCancelOutputSchema)
    .mutation(({ ctx, input }) => ctx.studio.chat.cancel(input.executionId)),
  sessions: procedure
    .input(ChatSessionsInputSchema.optional())
    .output(ChatSessionsOutputSchema)
    .query(({ ctx, input }) => ctx.studio.chat.sessions(input)),
  renameSession: procedure
    .input(ChatRenameSessionInputSchema)
    .output(ChatSessionSummarySchema)
    .mutation(({ ctx, input }) => ctx.studio.chat.renameSession(input.sessionId, input.title)),
  /** Hides the session at once; `restoreSession` undoes it (the web app's "Undo"). */
  deleteSession: procedure
    .input(ChatSessionRefInputSchema)
    .output(ChatDeleteSessionOutputSchema)
    .mutation(({ ctx, input }) => ctx.studio.chat.deleteSession(input.sessionId)),
  restoreSession: procedure
    .input(ChatSessionRefInputSchema)
    .output(ChatRestoreSessionOutputSchema)
    .mutation(({ ctx, input }) => ctx.studio.chat.restoreSession(input.sessionId)),
  history: procedure
    .input(ChatHistoryInputSchema)
    .output(ChatHistoryOutputSchema)
    .query(({ ctx, input }) => ctx.studio.chat.history(input.sessionId)),
});
