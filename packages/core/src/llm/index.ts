export * from './language-model';
export * from './openai-language-model';
export * from './llm-health';
export * from './retry';
