import {
  ExecutionGetInputSchema,
  ExecutionListInputSchema,
  ExecutionListOutputSchema,
  ExecutionSchema,
} from '@studio/shared';
import { procedure, router } from '../trpc';

/** Plan executions and their plan graphs, readable while they run and after they finish. */
export const executionsRouter = router({
  get: procedure
    .input(ExecutionGetInputSchema)
    .output(ExecutionSchema)
    .query(({ ctx, input }) => ctx.studio.executions.get(input.executionId)),
  list: procedure
    .input(ExecutionListInputSchema)
    .output(ExecutionListOutputSchema)
    .query(({ ctx, input }) => ctx.studio.executions.list(input)),
});
