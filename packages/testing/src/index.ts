export * from './fake-llm-server';
export * from './documents';
