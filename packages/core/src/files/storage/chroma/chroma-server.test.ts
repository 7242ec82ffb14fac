import { ChromaClient } from 'chromadb';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createConsoleLogger } from '../../../logger';
import { ChromaQueryClient } from './chroma-query';
import { ManagedChroma } from './chroma-server';

const folder = mkdtempSync(join(tmpdir(), 'studio-chroma-server-'));
const chroma = new ManagedChroma(folder, createConsoleLogger('silent'));
let url: URL;

beforeAll(async () => {
  url = new URL(await chroma.url());
});

afterAll(async () => {
  await chroma.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** Established TCP connections from this machine to `port` (client side), read from /proc/net/tcp. */
function connectionsTo(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[2]?.endsWith(`:${hexPort}`) && fields[3] === '01').length;
}

describe('the managed Chroma is reachable only by the studio', () => {
  it('does not answer on 127.0.0.1 at its port, nor a browser page from another origin', async () => {
    const port = Number(url.port);
    // Before: Chroma listened on 127.0.0.1 with CORS open to every origin.
    await expect(fetch(`http://127.0.0.1:${port}/api/v2/heartbeat`)).rejects.toThrow();
    expect(url.hostname).not.toBe('127.0.0.1');
    const preflight = await fetch(
      `${url.origin}/api/v2/tenants/default_tenant/databases/default_database/collections`,
      {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://evil.example',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      },
    );
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the kept-alive query pool', () => {
  it('stays bounded under 200 concurrent queries and closes idle sockets', async () => {
    const client = new ChromaClient({ host: url.hostname, port: Number(url.port) });
    const collection = await client.getOrCreateCollection({ name: 'pool-test', embeddingFunction: null });
    await collection.upsert({
      ids: ['a', 'b', 'c'],
      embeddings: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
    });
    const queries = ChromaQueryClient.forCollection(url.origin, collection.id, { idleMs: 300 });
    const before = connectionsTo(Number(url.port));
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, connectionsTo(Number(url.port)) - before)), 5);
    try {
      const results = await Promise.all(
        Array.from({ length: 200 }, () =>
          queries.query({ query_embeddings: [[1, 0, 0]], n_results: 1, include: ['distances'] }),
        ),
      );
      expect(results.every((result) => result.ids[0]?.[0] === 'a')).toBe(true);
    } finally {
      clearInterval(sampler);
    }
    // Before: one socket per concurrent query (200 here, 512 in the field), and none ever closed.
    expect(peak).toBeLessThanOrEqual(16);
    await vi.waitFor(() => expect(connectionsTo(Number(url.port))).toBeLessThanOrEqual(before), {
      timeout: 5000,
      interval: 50,
    });
    queries.close();
  });
});
