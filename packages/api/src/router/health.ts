import { HealthSchema } from '@studio/shared';
import { procedure } from '../trpc';

export const healthProcedure = procedure.output(HealthSchema).query(({ ctx }) => ctx.studio.health.check());
