export * from './memory-manager';
export * from './memory-store';
export * from './mem0-memory-store';
export * from './capture-rules';
export { RetentionScheduler, systemTimer, type Timer } from './retention-scheduler';
export type { CaptureOutcome } from './memory-capture';
export * from './create-memory-manager';
