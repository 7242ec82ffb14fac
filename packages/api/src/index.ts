export { appRouter, createCaller, type AppRouter } from './root';
export { isAuthorized, type ApiContext, type CallerCredentials } from './context';
export { toHttpError, toTRPCError } from './errors';
export { SubscriptionBudget } from './subscription-budget';
