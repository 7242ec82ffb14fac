export { startServer, type StudioServer, type ServerSettings } from './create-server';
export { readEnv, type ServerEnv } from './env';
