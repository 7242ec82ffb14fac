import {
  ToolsCallInputSchema,
  ToolsCallOutputSchema,
  ToolsListInputSchema,
  ToolsListOutputSchema,
} from '@studio/shared';
import { procedure, router } from '../trpc';

export const toolsRouter = router({
  /** Every tool agents can use (built-in and MCP) and each MCP server's state. */
  list: procedure
    .input(ToolsListInputSchema)
    .output(ToolsListOutputSchema)
    .query(({ ctx }) => ctx.studio.tools.list()),
  /**
   * Runs one tool once (the UI's "try it"). The contract's `tools.call`: tRPC reserves `call` (with
   * `then` and `apply`) as a procedure name, so it is served as `tools.invoke`.
   */
  invoke: procedure
    .input(ToolsCallInputSchema)
    .output(ToolsCallOutputSchema)
    .mutation(({ ctx, input, signal }) => ctx.studio.tools.call(input, signal)),
});
