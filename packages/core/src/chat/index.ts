export * from './chat-service';
export * from './chat-store';
export * from './plan-runner';
export * from './sources';
export * from './offline-answer';
export * from './session-title';
export { chatMigrations } from './chat-migrations';
