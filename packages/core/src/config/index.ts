export * from './config-service';
export * from './config-validation';
export * from './config-history';
export * from './config-files';
