import type { AppRouter } from '@studio/api';
import { studioLinks } from '@studio/client';
import { createTRPCReact } from '@trpc/react-query';
import { createWSClient, wsLink } from '@trpc/client';

/** Typed hooks for every procedure of the studio's API. */
export const trpc = createTRPCReact<AppRouter>();

const TOKEN_KEY = 'studio.apiToken';

/** The API token the user saved in this browser, if any. */
export function getToken(): string | undefined {
  return localStorage.getItem(TOKEN_KEY) ?? undefined;
}

/** Saves (or with an empty value forgets) the API token; links read it on every call. */
export function setToken(token: string): void {
  if (token.trim()) localStorage.setItem(TOKEN_KEY, token.trim());
  else localStorage.removeItem(TOKEN_KEY);
}

export type StudioWsClient = ReturnType<typeof createWSClient>;

/**
 * The studio's links (`studioLinks`, shared with `createStudioClient`) with subscriptions over
 * WebSocket, retried forever with backoff; tracked streams resume from their last event id.
 */
export function createClients() {
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/trpc`;
  const wsClient = createWSClient({
    url: wsUrl,
    connectionParams: () => {
      const token = getToken();
      return token ? { token } : {};
    },
    retryDelayMs: (attempt) => Math.min(300 * 2 ** attempt, 4000),
  });
  const headers = () => {
    const token = getToken();
    return token ? { Authorization: `Bearer ${token}` } : {};
  };
  const client = trpc.createClient({
    links: studioLinks({ url: '/trpc', headers, subscriptions: wsLink({ client: wsClient }) }),
  });
  return { client, wsClient };
}
