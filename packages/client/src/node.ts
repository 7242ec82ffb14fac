import { EventSource } from 'eventsource';
import WebSocket from 'ws';
import {
  createStudioClient as createWithImplementations,
  type StudioClient,
  type StudioClientOptions,
} from './create-studio-client';

export type { StudioClient, StudioClientOptions } from './create-studio-client';

/** On Node 20, which has neither global: the `ws` and `eventsource` ponyfills fill in. */
export function createStudioClient(options: StudioClientOptions): StudioClient {
  return createWithImplementations({
    WebSocket: globalThis.WebSocket ?? WebSocket,
    EventSource: globalThis.EventSource ?? EventSource,
    ...options,
  });
}
export { studioLinks, type StudioLinksOptions } from './studio-links';
