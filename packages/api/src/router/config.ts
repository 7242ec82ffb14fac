import { ConfigSectionInputSchema, ConfigUpdateInputSchema, ConfigValidateInputSchema } from '@studio/shared';
import { procedure, router } from '../trpc';

export const configRouter = router({
  get: procedure.query(({ ctx }) => ctx.studio.config.get()),
  section: procedure.input(ConfigSectionInputSchema).query(({ ctx, input }) => ctx.studio.config.get()[input.section]),
  /** Each section's current version, for clients that send `expectedVersion` with an update. */
  versions: procedure.query(({ ctx }) => ctx.studio.config.versions()),
  update: procedure.input(ConfigUpdateInputSchema).mutation(({ ctx, input }) => ctx.studio.config.update(input)),
  reload: procedure.mutation(({ ctx }) => ctx.studio.config.reload()),
  validate: procedure
    .input(ConfigValidateInputSchema)
    .query(({ ctx, input }) => ctx.studio.config.validate(input.section, input.values)),
});
