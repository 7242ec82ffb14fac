export * from './embedder';
export * from './file-retriever';
export * from './memory-recall';
