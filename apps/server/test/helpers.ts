import type { AppRouter } from '@studio/api';
import { createConsoleLogger, createStudio, type Studio, type StudioOptions } from '@studio/core';
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  httpLink,
  httpSubscriptionLink,
  isNonJsonSerializable,
  splitLink,
  wsLink,
  type TRPCClient,
} from '@trpc/client';
import { EventSource } from 'eventsource';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startServer, type StudioServer } from '../src/create-server';

export interface TestStudio {
  studio: Studio;
  server: StudioServer;
  url: string;
  dataDir: string;
  /** A tRPC client: HTTP batching for queries/mutations, FormData over httpLink, subscriptions over WS or SSE. */
  client(options?: { token?: string; transport?: 'ws' | 'sse' }): { trpc: TRPCClient<AppRouter>; close(): void };
  close(): Promise<void>;
}

/** Builds the real core graph in a temp data dir and serves it on port 0. */
export async function startTestStudio(
  options: { token?: string; corsOrigins?: string[]; dataDir?: string; studio?: Partial<StudioOptions> } = {},
): Promise<TestStudio> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'studio-test-'));
  const studio = await createStudio({
    dataDir,
    logger: createConsoleLogger('silent'),
    configDebounceMs: 50,
    ...options.studio,
  });
  const server = await startServer(studio, {
    host: '127.0.0.1',
    port: 0,
    apiToken: options.token,
    corsOrigins: options.corsOrigins ?? [],
  });
  const clients = new Set<() => void>();
  return {
    studio,
    server,
    url: server.url,
    dataDir,
    client: (clientOptions = {}) => {
      const connection = createTestClient(server.url, clientOptions);
      clients.add(connection.close);
      return connection;
    },
    close: async () => {
      for (const close of clients) close();
      await server.close(1000);
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A real tRPC client against a running server (Node: `ws` and `eventsource` ponyfills). */
export function createTestClient(
  url: string,
  options: { token?: string; transport?: 'ws' | 'sse' } = {},
): { trpc: TRPCClient<AppRouter>; close(): void } {
  const headers = () => (options.token ? { Authorization: `Bearer ${options.token}` } : {});
  const wsClient =
    options.transport === 'sse'
      ? undefined
      : createWSClient({
          url: `${url.replace(/^http/, 'ws')}/trpc`,
          WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
          connectionParams: options.token ? { token: options.token } : {},
          retryDelayMs: () => 50,
        });
  const subscriptionLink = wsClient
    ? wsLink<AppRouter>({ client: wsClient })
    : httpSubscriptionLink<AppRouter, typeof EventSource>({
        url: `${url}/trpc`,
        EventSource,
        connectionParams: options.token ? { token: options.token } : {},
      });
  const trpc = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: subscriptionLink,
        false: splitLink({
          condition: (op) => isNonJsonSerializable(op.input),
          true: httpLink({ url: `${url}/trpc`, headers }),
          false: httpBatchLink({ url: `${url}/trpc`, headers }),
        }),
      }),
    ],
  });
  return { trpc, close: () => void wsClient?.close() };
}

/** Collects a subscription's events until `until` says stop; resolves with them. */
export function collect<T>(
  subscribe: (handlers: { onData: (data: T) => void; onError: (error: unknown) => void }) => { unsubscribe(): void },
  until: (events: T[]) => boolean,
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const events: T[] = [];
    const subscription = subscribe({
      onData: (data) => {
        events.push(data);
        if (until(events)) {
          subscription.unsubscribe();
          resolve(events);
        }
      },
      onError: (error) => {
        subscription.unsubscribe();
        reject(error);
      },
    });
  });
}
