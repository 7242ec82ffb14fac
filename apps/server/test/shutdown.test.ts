import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { descendants, isRunning, spawnNpmStart, spawnServer } from './spawn-server';

const started: { child: ChildProcess; pids: number[] }[] = [];
const folders: string[] = [];

afterAll(() => {
  for (const { child, pids } of started) {
    for (const pid of [child.pid ?? 0, ...pids]) if (pid > 0 && isRunning(pid)) process.kill(pid, 'SIGKILL');
  }
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function newDataDir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'studio-processes-'));
  folders.push(folder);
  return folder;
}

/** Every path under `folder` with its permission bits. */
function modes(folder: string): { path: string; mode: number; directory: boolean }[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true }).map((entry) => {
    const path = join(entry.parentPath, entry.name);
    const stat = statSync(path);
    return { path, mode: stat.mode & 0o777, directory: stat.isDirectory() };
  });
}

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

describe('the processes of a running studio', () => {
  it('npm start: SIGTERM to its top pid stops the server and Chroma within 5 s, with no esbuild at run time', async () => {
    const dataDir = newDataDir();
    const { child } = await spawnNpmStart({ DATA_DIR: dataDir });
    const pid = child.pid ?? 0;
    const tree = descendants(pid);
    started.push({ child, pids: tree.map((process) => process.pid) });
    expect(tree.some(({ commandLine }) => commandLine.includes('chroma'))).toBe(true);
    // tsx runs an esbuild service beside the server; the production start runs compiled JavaScript.
    expect(tree.filter(({ commandLine }) => /esbuild|tsx/.test(commandLine))).toEqual([]);

    const begun = Date.now();
    process.kill(pid, 'SIGTERM');
    // Before: npm died and the server and Chroma kept running, still listening.
    await vi.waitFor(() => expect(tree.filter((process) => isRunning(process.pid))).toEqual([]), {
      timeout: 5000,
      interval: 50,
    });
    await vi.waitFor(() => expect(isRunning(pid)).toBe(false), { timeout: 5000 - (Date.now() - begun), interval: 50 });
    expect(Date.now() - begun).toBeLessThan(5000);
  }, 180_000);

  it('SIGKILL of the server takes Chroma with it; health shows no Chroma address; DATA_DIR is private', async () => {
    const dataDir = newDataDir();
    const token = 'processes-test-token';
    const server = await spawnServer({ DATA_DIR: dataDir, STUDIO_API_TOKEN: token });
    const pid = server.child.pid ?? 0;
    started.push({ child: server.child, pids: [] });
    await vi.waitFor(() => expect(server.output()).toContain('chroma started'), { timeout: 30_000, interval: 50 });
    const chromaUrl = /chroma started \{"url":"(http:[^"]+)"/.exec(server.output())?.[1] ?? '';
    const chroma = descendants(pid).filter(({ commandLine }) => commandLine.includes('chroma'));
    started.push({ child: server.child, pids: chroma.map((process) => process.pid) });
    expect(chroma.length).toBeGreaterThan(0);

    // Health answers without the token; it must not tell where the unauthenticated Chroma listens.
    const health = await (await fetch(`${server.url}/api/health`)).text();
    expect(health).not.toContain(new URL(chromaUrl).host);
    expect(health).not.toContain(new URL(chromaUrl).port);

    const form = new FormData();
    form.append('file', new Blob(['Private notes: the vault code is VX-4471.']), 'notes.txt');
    const upload = await fetch(`${server.url}/api/files`, {
      method: 'POST',
      body: form,
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(upload.status).toBe(201);
    const { fileId } = (await upload.json()) as { fileId: string };
    await vi.waitFor(
      async () => {
        const response = await fetch(
          `${server.url}/trpc/files.status?input=${encodeURIComponent(JSON.stringify({ fileId }))}`,
          {
            headers: { Authorization: `Bearer ${token}` },
          },
        );
        expect(((await response.json()) as { result: { data: { status: string } } }).result.data.status).toBe(
          'completed',
        );
      },
      { timeout: 30_000, interval: 100 },
    );
    // Before: files 0644 and folders 0755, readable by every user of the machine.
    const entries = modes(dataDir);
    expect(entries.length).toBeGreaterThan(5);
    expect(entries.filter((entry) => !entry.directory && entry.mode !== 0o600)).toEqual([]);
    expect(entries.filter((entry) => entry.directory && entry.mode !== 0o700)).toEqual([]);

    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGKILL');
    await exited;
    // Before: Chroma was orphaned (ppid 1) and kept listening.
    await vi.waitFor(() => expect(chroma.filter((process) => isRunning(process.pid))).toEqual([]), {
      timeout: 5000,
      interval: 50,
    });
    await expect(fetch(`${chromaUrl}/api/v2/heartbeat`)).rejects.toThrow();
  }, 90_000);
});
