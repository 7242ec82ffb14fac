export * from './database';
export * from './migration';
export * from './migrations';
