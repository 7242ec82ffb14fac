export * from './instance-registry';
