export * from './tool';
export * from './tool-ports';
export * from './tool-registry';
export * from './expression';
export { summarizeText } from './summarize';
