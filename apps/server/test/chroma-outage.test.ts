import { findFreePort } from '@studio/core';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startTestStudio, uploadFile } from './helpers';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

/** The real Chroma server on a fixed port, so it can be killed and brought back at the same address. */
async function runChroma(path: string, port: number): Promise<ChildProcess> {
  const cli = join(dirname(createRequire(import.meta.url).resolve('chromadb')), '..', 'cli.mjs');
  const child = spawn(process.execPath, [cli, 'run', '--path', path, '--host', '127.0.0.1', '--port', String(port)], {
    stdio: 'ignore',
  });
  await vi.waitFor(
    async () => {
      const response = await fetch(`http://127.0.0.1:${port}/api/v2/heartbeat`);
      expect(response.ok).toBe(true);
    },
    { timeout: 20_000, interval: 100 },
  );
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('Chroma (CHROMA_URL) killed while the studio runs', () => {
  it('degrades health, makes ingestion wait, fails search clearly, and recovers when Chroma is back', async () => {
    const chromaPath = tempFolder('studio-outage-chroma-');
    const port = await findFreePort();
    let chroma = await runChroma(chromaPath, port);
    const app = await startTestStudio({ studio: { chromaUrl: `http://127.0.0.1:${port}` } });
    const { trpc } = app.client();
    try {
      const first = (await uploadFile(app.url, 'before.txt', 'The calibration constant is KAPPA-7781 for all rigs.'))
        .fileId;
      await vi.waitFor(
        async () => expect((await trpc.files.status.query({ fileId: first })).status).toBe('completed'),
        { timeout: 30_000 },
      );

      await stop(chroma);
      await vi.waitFor(async () => expect((await trpc.health.query()).components.vectorStore.status).toBe('down'), {
        timeout: 10_000,
      });
      expect((await trpc.health.query()).status).toBe('degraded');

      // Ingestion waits: the file goes back to the queue with the reason, instead of failing.
      const second = (await uploadFile(app.url, 'during.txt', 'The backup generator code is GAMMA-2290.')).fileId;
      await vi.waitFor(
        async () => {
          const status = await trpc.files.status.query({ fileId: second });
          expect(status.status).toBe('pending');
        },
        { timeout: 15_000 },
      );
      expect((await trpc.files.status.query({ fileId: second })).status).not.toBe('failed');

      // Search without any keyword match has nothing to fall back on: a clear, typed error.
      const error = await trpc.files.search
        .query({ query: 'completely unrelated wording' })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ data: { code: 'SERVICE_UNAVAILABLE', domainCode: 'VECTOR_STORE_UNAVAILABLE' } });
      // An exact code still answers from the keyword index while vectors are away.
      expect((await trpc.files.search.query({ query: 'KAPPA-7781' })).hits[0]?.fileId).toBe(first);

      chroma = await runChroma(chromaPath, port);
      await vi.waitFor(async () => expect((await trpc.health.query()).status).toBe('ok'), { timeout: 10_000 });
      await vi.waitFor(
        async () => expect((await trpc.files.status.query({ fileId: second })).status).toBe('completed'),
        {
          timeout: 60_000,
          interval: 250,
        },
      );
      const { hits } = await trpc.files.search.query({ query: 'backup generator code' });
      expect(hits.map((hit) => hit.fileId)).toContain(second);
    } finally {
      await app.close();
      await stop(chroma);
    }
  });
});

describe('the managed Chroma killed while the studio runs', () => {
  it('is restarted, and search and ingestion work again', async () => {
    const app = await startTestStudio();
    const { trpc } = app.client();
    try {
      const first = (await uploadFile(app.url, 'one.txt', 'Reactor seal part number RS-5512.')).fileId;
      await vi.waitFor(
        async () => expect((await trpc.files.status.query({ fileId: first })).status).toBe('completed'),
        { timeout: 30_000 },
      );
      const pidFile = join(app.dataDir, 'chroma', 'chroma-server.pid');
      const pid = Number(readFileSync(pidFile, 'utf8'));
      process.kill(pid, 'SIGKILL');
      await vi.waitFor(() => expect(Number(readFileSync(pidFile, 'utf8'))).not.toBe(pid), {
        timeout: 20_000,
        interval: 100,
      });
      await vi.waitFor(async () => expect((await trpc.health.query()).components.vectorStore.status).toBe('ok'), {
        timeout: 20_000,
      });
      const second = (await uploadFile(app.url, 'two.txt', 'Coolant pump serial CP-9034.')).fileId;
      await vi.waitFor(
        async () => expect((await trpc.files.status.query({ fileId: second })).status).toBe('completed'),
        { timeout: 30_000 },
      );
      expect((await trpc.files.search.query({ query: 'Reactor seal part' })).hits[0]?.fileId).toBe(first);
    } finally {
      await app.close();
    }
  });
});
