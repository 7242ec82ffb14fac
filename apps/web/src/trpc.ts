import type { AppRouter } from '@studio/api';
import { createTRPCReact } from '@trpc/react-query';
import {
  createWSClient,
  httpBatchLink,
  httpLink,
  isNonJsonSerializable,
  splitLink,
  wsLink,
} from '@trpc/client';

/** Typed hooks for every procedure of the studio's API. */
export const trpc = createTRPCReact<AppRouter>();

const TOKEN_KEY = 'studio.apiToken';

export function getToken(): string | undefined {
  return localStorage.getItem(TOKEN_KEY) ?? undefined;
}

/** Subscriptions over WebSocket, uploads (FormData) over plain HTTP, everything else batched. */
export function createClient() {
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/trpc`;
  const wsClient = createWSClient({
    url: wsUrl,
    connectionParams: () => {
      const token = getToken();
      return token ? { token } : {};
    },
    retryDelayMs: (attempt) => Math.min(500 * 2 ** attempt, 5000),
  });
  const headers = () => {
    const token = getToken();
    return token ? { Authorization: `Bearer ${token}` } : {};
  };
  return trpc.createClient({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink({ client: wsClient }),
        false: splitLink({
          condition: (op) => isNonJsonSerializable(op.input),
          true: httpLink({ url: '/trpc', headers }),
          false: httpBatchLink({ url: '/trpc', headers }),
        }),
      }),
    ],
  });
}
