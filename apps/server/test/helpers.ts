import type { AppRouter } from '@studio/api';
import type { FileRecord } from '@studio/shared';
import { expect, vi } from 'vitest';
import { createConsoleLogger, createStudio, type Studio, type StudioOptions } from '@studio/core';
import type { TRPCClient } from '@trpc/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudioClient } from '@studio/client';
import { startServer, type ServerSettings, type StudioServer } from '../src/create-server';

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
  options: {
    token?: string;
    corsOrigins?: string[];
    dataDir?: string;
    studio?: Partial<StudioOptions>;
    server?: Pick<ServerSettings, 'allowedHosts' | 'limits'>;
  } = {},
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
    ...options.server,
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

/** A real tRPC client against a running server: the studio's own client package (Node ponyfills). */
export function createTestClient(
  url: string,
  options: { token?: string; transport?: 'ws' | 'sse' } = {},
): { trpc: TRPCClient<AppRouter>; close(): void } {
  return createStudioClient({ url, retryDelayMs: () => 50, ...options });
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
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    });
  });
}

/** POST /api/files as a browser form would (with the token, if any); expects 201 and returns the record. */
export async function uploadFile(
  url: string,
  name: string,
  content: Uint8Array | string,
  token?: string,
): Promise<FileRecord> {
  const form = new FormData();
  form.append('file', new Blob([content]), name);
  const response = await fetch(`${url}/api/files`, {
    method: 'POST',
    body: form,
    ...(token ? { headers: { Authorization: `Bearer ${token}` } } : {}),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as FileRecord;
}

/** Uploads a file and waits until it is indexed (searchable). */
export async function uploadAndIndex(
  app: TestStudio,
  name: string,
  content: Uint8Array | string,
  token?: string,
): Promise<FileRecord> {
  const record = await uploadFile(app.url, name, content, token);
  const { trpc } = app.client(token ? { token } : {});
  await vi.waitFor(
    async () => expect((await trpc.files.status.query({ fileId: record.fileId })).status).toBe('completed'),
    {
      timeout: 30_000,
      interval: 100,
    },
  );
  return record;
}
