import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { spawnServer } from './spawn-server';

describe('graceful shutdown of the real server process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'studio-shutdown-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s tells WS clients to reconnect and exits within 5 s',
    async (signal) => {
      const { child, url } = await spawnServer({ DATA_DIR: dataDir });
      const socket = new WebSocket(`${url.replace('http', 'ws')}/trpc`);
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      const messages: string[] = [];
      socket.on('message', (data) => messages.push(data.toString()));
      const closed = new Promise((resolve) => socket.once('close', resolve));

      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const started = Date.now();
      child.kill(signal);
      const code = await exited;
      const elapsed = Date.now() - started;
      await closed;

      expect(code).toBe(0);
      expect(elapsed).toBeLessThan(5000);
      expect(messages.some((message) => JSON.parse(message).method === 'reconnect')).toBe(true);
      // State written before the stop is still there for the next start.
      expect(readFileSync(join(dataDir, 'config', 'context.yaml'), 'utf8')).toContain('chunk_size');
    },
  );
});
