export * from './executions';
export * from './execution-store';
export * from './execution-owner';
export * from './live-execution';
export * from './plan-graph-event';
export { executionsMigrations } from './executions-migrations';
