export * from './common';
export * from './health';
export * from './config';
export * from './chat';
export * from './files';
export * from './memory';
export * from './agents';
export * from './openai-compat';
