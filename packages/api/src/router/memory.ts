import {
  MemoryAddInputSchema,
  MemoryClearInputSchema,
  MemoryIdInputSchema,
  MemoryListInputSchema,
  MemorySearchInputSchema,
  MemoryUpdateInputSchema,
} from '@studio/shared';
import { procedure, router } from '../trpc';

export const memoryRouter = router({
  list: procedure.input(MemoryListInputSchema).query(({ ctx, input }) => ctx.studio.memory.list(input)),
  get: procedure.input(MemoryIdInputSchema).query(({ ctx, input }) => ctx.studio.memory.get(input.id)),
  add: procedure.input(MemoryAddInputSchema).mutation(({ ctx, input }) => ctx.studio.memory.add(input)),
  update: procedure.input(MemoryUpdateInputSchema).mutation(({ ctx, input }) => ctx.studio.memory.update(input)),
  delete: procedure.input(MemoryIdInputSchema).mutation(({ ctx, input }) => ctx.studio.memory.delete(input.id)),
  clear: procedure.input(MemoryClearInputSchema).mutation(({ ctx, input }) => ctx.studio.memory.clear(input)),
  search: procedure.input(MemorySearchInputSchema).query(({ ctx, input }) => ctx.studio.memory.search(input)),
  /** Every recorded change of one memory (an extension of the contract). */
  history: procedure
    .input(MemoryIdInputSchema)
    .query(async ({ ctx, input }) => ({ id: input.id, changes: await ctx.studio.memory.history(input.id) })),
});
