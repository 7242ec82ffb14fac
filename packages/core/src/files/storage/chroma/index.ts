export * from './chroma-server';
export * from './free-port';
export * from './chroma-query';
