import {
  MemoryAddInputSchema,
  MemoryClearInputSchema,
  MemoryClearOutputSchema,
  MemoryDeleteOutputSchema,
  MemoryEntrySchema,
  MemoryHistoryOutputSchema,
  MemoryIdInputSchema,
  MemoryListInputSchema,
  MemoryListOutputSchema,
  MemorySearchInputSchema,
  MemorySearchOutputSchema,
  MemoryUpdateInputSchema,
} from '@studio/shared';
import { procedure, router } from '../trpc';

export const memoryRouter = router({
  list: procedure
    .input(MemoryListInputSchema)
    .output(MemoryListOutputSchema)
    .query(({ ctx, input }) => ctx.studio.memory.list(input)),
  get: procedure
    .input(MemoryIdInputSchema)
    .output(MemoryEntrySchema)
    .query(({ ctx, input }) => ctx.studio.memory.get(input.id)),
  add: procedure
    .input(MemoryAddInputSchema)
    .output(MemoryEntrySchema)
    .mutation(({ ctx, input }) => ctx.studio.memory.add(input)),
  update: procedure
    .input(MemoryUpdateInputSchema)
    .output(MemoryEntrySchema)
    .mutation(({ ctx, input }) => ctx.studio.memory.update(input)),
  delete: procedure
    .input(MemoryIdInputSchema)
    .output(MemoryDeleteOutputSchema)
    .mutation(({ ctx, input }) => ctx.studio.memory.delete(input.id)),
  clear: procedure
    .input(MemoryClearInputSchema)
    .output(MemoryClearOutputSchema)
    .mutation(({ ctx, input }) => ctx.studio.memory.clear(input)),
  search: procedure
    .input(MemorySearchInputSchema)
    .output(MemorySearchOutputSchema)
    .query(({ ctx, input }) => ctx.studio.memory.search(input)),
  /** Every recorded change of one memory (an extension of the contract). */
  history: procedure
    .input(MemoryIdInputSchema)
    .output(MemoryHistoryOutputSchema)
    .query(async ({ ctx, input }) => ({ id: input.id, changes: await ctx.studio.memory.history(input.id) })),
});
