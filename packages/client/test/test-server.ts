import { createConsoleLogger, createStudio, type StudioOptions } from '@studio/core';
import { startServer } from '@studio/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real studio server on port 0 over a temp data dir. */
export async function startStudioServer(options: { token?: string; studio?: Partial<StudioOptions> } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'studio-client-'));
  const studio = await createStudio({ dataDir, logger: createConsoleLogger('silent'), ...options.studio });
  const server = await startServer(studio, { host: '127.0.0.1', port: 0, apiToken: options.token, corsOrigins: [] });
  return {
    studio,
    url: server.url,
    dataDir,
    close: async () => {
      await server.close(1000);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
