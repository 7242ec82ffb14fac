import { LlmListModelsInputSchema, LlmListModelsOutputSchema, LlmSettingsOutputSchema } from '@studio/shared';
import { procedure, router } from '../trpc';

/** The chat model's settings beside the `llm` config section (which `config.update` changes). */
export const llmRouter = router({
  /** The model in force and where each value comes from; the key only as "set" or "not set". */
  settings: procedure.output(LlmSettingsOutputSchema).query(({ ctx }) => ctx.studio.models.settings()),
  /** "Test connection": a mutation because it may carry a key and reaches out to the provider. */
  listModels: procedure
    .input(LlmListModelsInputSchema)
    .output(LlmListModelsOutputSchema)
    .output(LlmListModelsOutputSchema)
    .mutation(({ ctx, input }) => ctx.studio.models.listModels(input)),
});
