export * from './hashing-embedder';
export * from './openai-embedder';
export * from './semantic-embedder';
