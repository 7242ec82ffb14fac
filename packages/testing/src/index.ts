export * from './fake-llm-server';
