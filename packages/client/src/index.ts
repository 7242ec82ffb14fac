export { createStudioClient, type StudioClient, type StudioClientOptions } from './create-studio-client';
export { studioLinks, type StudioLinksOptions } from './studio-links';
