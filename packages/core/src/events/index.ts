export * from './topics';
export * from './event-id';
export * from './event-bus';
export * from './in-memory-event-bus';
export * from './stream-events';
export * from './redis-event-bus';
