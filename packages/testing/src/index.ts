export * from './fake-llm-server';
export * from './documents';
export * from './eval';
