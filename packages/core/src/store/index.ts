export * from './database';
export * from './migration';
export * from './postgres-sql';
export * from './run-migrations';
export * from './sql';
export * from './sqlite-sql';
