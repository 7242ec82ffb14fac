import {
  ConfigReloadOutputSchema,
  ConfigSectionInputSchema,
  ConfigUpdateInputSchema,
  ConfigUpdateOutputSchema,
  ConfigValidateInputSchema,
  ConfigValidateOutputSchema,
  ConfigVersionsOutputSchema,
  StudioConfigSchema,
} from '@studio/shared';
import { procedure, router } from '../trpc';

export const configRouter = router({
  get: procedure.output(StudioConfigSchema).query(({ ctx }) => ctx.studio.config.get()),
  section: procedure.input(ConfigSectionInputSchema).query(({ ctx, input }) => ctx.studio.config.get()[input.section]),
  /** Each section's current version, for clients that send `expectedVersion` with an update. */
  versions: procedure.output(ConfigVersionsOutputSchema).query(({ ctx }) => ctx.studio.config.versions()),
  update: procedure
    .input(ConfigUpdateInputSchema)
    .output(ConfigUpdateOutputSchema)
    .mutation(({ ctx, input }) => ctx.studio.config.update(input)),
  reload: procedure.output(ConfigReloadOutputSchema).mutation(({ ctx }) => ctx.studio.config.reload()),
  validate: procedure
    .input(ConfigValidateInputSchema)
    .output(ConfigValidateOutputSchema)
    .query(({ ctx, input }) => ctx.studio.config.validate(input.section, input.values)),
});
