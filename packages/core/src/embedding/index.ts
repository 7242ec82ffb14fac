export * from './hashing-embedder';
export * from './openai-embedder';
