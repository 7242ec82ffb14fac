export * from './chroma-server';
