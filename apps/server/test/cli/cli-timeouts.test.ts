import { startFakeLlm, type FakeLlmServer } from '@studio/testing';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestStudio, type TestStudio } from '../helpers';
import { spawnServer } from '../spawn-server';
import { startCli } from './cli-runner';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('studio ask when the studio is unreachable or dies', () => {
  const folders: string[] = [];
  let llm: FakeLlmServer;
  beforeAll(async () => {
    // A slow model, so the server can be killed mid-answer.
    llm = await startFakeLlm({
      respond: () => ({ content: 'one two three four five six seven eight nine ten eleven twelve', tokenDelayMs: 300 }),
    });
  });
  afterAll(async () => {
    await llm.stop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('gives up with a clear message and exit code 3 when nothing listens', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const begun = Date.now();
    // Before: it retried the WebSocket silently for ever.
    // The default connect timeout (10 s).
    const cli = startCli(['ask', 'Anyone there?', '--url', url], { timeoutMs: 25_000 });
    expect(await cli.exited).toBe(3);
    expect(Date.now() - begun).toBeLessThan(20_000);
    expect(cli.stderr()).toContain(`cannot reach the studio at ${url}`);
    expect(cli.stdout()).toBe('');
  }, 30_000);

  it('gives up when the server dies mid-answer, and says so in JSON with --json', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'studio-cli-dies-'));
    folders.push(dataDir);
    const server = await spawnServer({ DATA_DIR: dataDir, LLM_BASE_URL: llm.url, LLM_API_KEY: 'k', LLM_MODEL: 'fake' });
    try {
      const plain = startCli(['ask', 'Count slowly', '--url', server.url], { timeoutMs: 40_000 });
      const json = startCli(['ask', 'Count slowly', '--url', server.url, '--connect-timeout', '2', '--json'], {
        timeoutMs: 40_000,
      });
      // Tokens are streaming to the plain one (the JSON one prints only at the end).
      await vi.waitFor(() => expect(plain.stdout()).toMatch(/one/), { timeout: 30_000, interval: 50 });
      server.child.kill('SIGKILL');
      // Before: both hung for ever, printing nothing more.
      expect(await plain.exited).toBe(3);
      expect(plain.stderr()).toContain(`lost the connection to the studio at ${server.url}`);
      expect(await json.exited).toBe(3);
      expect(JSON.parse(json.stderr().trim())).toEqual({
        error: { code: 'CONNECTION_LOST', message: expect.stringContaining('lost the connection') },
      });
    } finally {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    }
  }, 90_000);
});

describe('--json on every command', () => {
  let studio: TestStudio;
  let folder: string;
  beforeAll(async () => {
    studio = await startTestStudio();
    folder = mkdtempSync(join(tmpdir(), 'studio-cli-json-'));
    writeFileSync(join(folder, 'kettle.md'), '# Kettle\n\nThe Aurora kettle boils one litre in 95 seconds.\n');
  });
  afterAll(async () => {
    await studio.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('upload and ask print one JSON document each', async () => {
    const upload = startCli(['upload', join(folder, 'kettle.md'), '--url', studio.url, '--json']);
    expect(await upload.exited).toBe(0);
    const rows = JSON.parse(upload.stdout()) as { name: string; fileId: string; stage: string; progress: number }[];
    expect(rows).toEqual([expect.objectContaining({ name: 'kettle.md', stage: 'done', progress: 100 })]);

    const ask = startCli(['ask', 'How fast does the Aurora kettle boil?', '--url', studio.url, '--json']);
    expect(await ask.exited).toBe(0);
    const answer = JSON.parse(ask.stdout()) as { sessionId: string; mode: string; reply: string; citations: unknown[] };
    expect(answer.sessionId).toEqual(expect.any(String));
    expect(answer.mode).toBe('offline');
    expect(answer.reply).toContain('95 seconds');
    expect(answer.citations).toEqual([expect.objectContaining({ fileId: rows[0]?.fileId, fileName: 'kettle.md' })]);
    expect(ask.stderr()).toBe('');
  }, 60_000);
});
