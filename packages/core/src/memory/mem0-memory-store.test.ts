import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { HashingEmbedder } from '../embedding/hashing-embedder';
import { Mem0MemoryStore } from './mem0-memory-store';

const run = promisify(execFile);
const writer = fileURLToPath(new URL('./test-support/mem0-writer.ts', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('Mem0MemoryStore on a data folder shared by several server processes', () => {
  it('takes writes from two processes at once, losing none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'studio-mem0-shared-'));
    dirs.push(dir);
    // Create the files first, as the first server to start would.
    await (await Mem0MemoryStore.create({ dir, embedder: new HashingEmbedder() })).close();
    const results = await Promise.all(
      ['a', 'b'].map(async (name) => {
        const { stdout } = await run(process.execPath, ['--import', tsx, writer, dir, name, '150'], {
          env: { ...process.env, MEM0_TELEMETRY: 'false' },
        });
        return JSON.parse(stdout) as { added: number; error?: string };
      }),
    );
    expect(results).toEqual([{ added: 150 }, { added: 150 }]);
    const store = await Mem0MemoryStore.create({ dir, embedder: new HashingEmbedder() });
    try {
      expect((await store.listAll()).length).toBe(300);
    } finally {
      await store.close();
    }
  });
});
