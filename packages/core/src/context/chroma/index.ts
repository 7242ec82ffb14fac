export * from './chroma-server';
export * from './free-port';
