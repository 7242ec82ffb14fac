export * from './eval-corpus';
export * from './eval-questions';
export * from './html-sections';
