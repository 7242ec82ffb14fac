import { chatRouter } from './router/chat';
import { configRouter } from './router/config';
import { eventsRouter } from './router/events';
import { executionsRouter } from './router/executions';
import { filesRouter } from './router/files';
import { healthProcedure } from './router/health';
import { llmRouter } from './router/llm';
import { memoryRouter } from './router/memory';
import { toolsRouter } from './router/tools';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  health: healthProcedure,
  config: configRouter,
  events: eventsRouter,
  files: filesRouter,
  chat: chatRouter,
  memory: memoryRouter,
  executions: executionsRouter,
  tools: toolsRouter,
  llm: llmRouter,
});

/** The API's type: all a client needs to be type-safe end to end. */
export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
