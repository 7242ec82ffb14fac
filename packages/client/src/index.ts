export { createStudioClient, type StudioClient, type StudioClientOptions } from './create-studio-client';
