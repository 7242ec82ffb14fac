import { procedure } from '../trpc';

export const healthProcedure = procedure.query(({ ctx }) => ctx.studio.health.check());
