import {
  AgentEventsInputSchema,
  ChatEventsInputSchema,
  ConfigEventsInputSchema,
  FileEventsInputSchema,
  MonitoringEventsInputSchema,
  PlanGraphEventsInputSchema,
} from '@studio/shared';
import { procedure, router } from '../trpc';
import { trackedTopic } from './subscription';

export const eventsRouter = router({
  config: procedure.input(ConfigEventsInputSchema).subscription(({ ctx, input, signal }) =>
    trackedTopic(ctx.studio, 'config-change', {
      lastEventId: input.lastEventId,
      signal,
      filter: (event) => !input.section || event.section === input.section,
    }),
  ),
  files: procedure.input(FileEventsInputSchema).subscription(({ ctx, input, signal }) =>
    trackedTopic(ctx.studio, 'file-progress', {
      lastEventId: input.lastEventId,
      signal,
      filter: (event) => !input.fileId || event.fileId === input.fileId,
    }),
  ),
  chat: procedure.input(ChatEventsInputSchema).subscription(({ ctx, input, signal }) =>
    trackedTopic(ctx.studio, 'chat-token', {
      lastEventId: input.lastEventId,
      signal,
      filter: (event) => event.sessionId === input.sessionId,
      map: (event) => event.event,
    }),
  ),
  agents: procedure.input(AgentEventsInputSchema).subscription(({ ctx, input, signal }) =>
    trackedTopic(ctx.studio, 'agent-step', {
      lastEventId: input.lastEventId,
      signal,
      filter: (event) => !input.executionId || event.executionId === input.executionId,
    }),
  ),
  monitoring: procedure.input(MonitoringEventsInputSchema).subscription(({ ctx, input, signal }) =>
    trackedTopic(ctx.studio, 'monitor-sample', {
      lastEventId: input.lastEventId,
      signal,
      filter: (event) => !input.executionId || event.executionId === input.executionId,
    }),
  ),
  planGraph: procedure.input(PlanGraphEventsInputSchema).subscription(({ ctx, input, signal }) =>
    trackedTopic(ctx.studio, 'plan-update', {
      lastEventId: input.lastEventId,
      signal,
      filter: (event) =>
        (!input.executionId || event.executionId === input.executionId) &&
        (!input.sessionId || event.sessionId === input.sessionId),
    }),
  ),
});
