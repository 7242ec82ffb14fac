import type { AppRouter } from '@studio/api';
import { createTRPCClient, createWSClient, httpSubscriptionLink, wsLink, type TRPCClient } from '@trpc/client';
import { studioLinks } from './studio-links';

export interface StudioClientOptions {
  /** The studio's base URL, e.g. http://127.0.0.1:3000. */
  url: string;
  /** STUDIO_API_TOKEN of the server, when it has one. */
  token?: string;
  /** Subscriptions over WebSocket (default) or SSE. */
  transport?: 'ws' | 'sse';
  /** Implementations for runtimes without globals (Node 20); browsers use their own. */
  WebSocket?: typeof globalThis.WebSocket;
  EventSource?: typeof globalThis.EventSource;
  /** Delay before the WebSocket reconnects after a drop; tRPC's backoff by default. */
  retryDelayMs?: (attempt: number) => number;
}

export interface StudioClient {
  /** Every procedure of the studio, typed end to end. */
  trpc: TRPCClient<AppRouter>;
  /** Closes the WebSocket, if one was opened. */
  close(): void;
}

/**
 * A typed tRPC client for the studio: queries and mutations batched over HTTP, uploads (FormData)
 * over plain HTTP, subscriptions over WebSocket or SSE, with the token on every transport.
 */
export function createStudioClient(options: StudioClientOptions): StudioClient {
  const base = options.url.replace(/\/+$/, '');
  const token = options.token;
  const headers = () => (token ? { Authorization: `Bearer ${token}` } : {});
  const connectionParams = token ? { token } : {};
  const wsClient =
    options.transport === 'sse'
      ? undefined
      : createWSClient({
          url: `${base.replace(/^http/, 'ws')}/trpc`,
          WebSocket: options.WebSocket,
          connectionParams,
          lazy: { enabled: true, closeMs: 1000 },
          ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
        });
  const subscriptionLink = wsClient
    ? wsLink<AppRouter>({ client: wsClient })
    : httpSubscriptionLink<AppRouter, typeof globalThis.EventSource>({
        url: `${base}/trpc`,
        EventSource: options.EventSource,
        connectionParams,
      });
  const trpc = createTRPCClient<AppRouter>({
    links: studioLinks({ url: `${base}/trpc`, headers, subscriptions: subscriptionLink }),
  });
  return { trpc, close: () => void wsClient?.close() };
}
