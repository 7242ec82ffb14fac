import { allMigrations, ChromaVectorIndex, ExternalChroma, HashingEmbedder, openDatabase } from '@studio/core';
import type { FileRecord } from '@studio/shared';
import { buildDocx, buildPdf } from '@studio/testing';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createTestClient, uploadFile } from './helpers';
import { spawnServer } from './spawn-server';

const folders: string[] = [];
const children: ChildProcess[] = [];
/** Chroma servers the spawned studios started (read from their pid files), stopped after the test. */
const chromaPids = new Set<number>();

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const pid of chromaPids) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function isRunning(pid: number): boolean {
  return existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
}

/** The managed Chroma of a studio: its pid from the pid file, its URL from the server's log. */
function managedChroma(dataDir: string, output: string): { pid: number; url: string } {
  const pid = Number(readFileSync(join(dataDir, 'chroma', 'chroma-server.pid'), 'utf8'));
  chromaPids.add(pid);
  const urls = [...output.matchAll(/chroma started \{"url":"(http:[^"]+)"/g)];
  const url = urls.at(-1)?.[1];
  if (!url) throw new Error(`no chroma url in the server log: ${output}`);
  return { pid, url };
}

function fixture(index: number): { name: string; bytes: Buffer } {
  if (index % 3 === 2) {
    const sections = Array.from({ length: 60 }, (_, section) => ({
      heading: `Section ${section + 1}`,
      paragraphs: [`Clause ${index}-${section} requires code CR-${index}-${section}. `.repeat(6)],
    }));
    return { name: `contract-${index}.docx`, bytes: buildDocx(sections) };
  }
  const pages = Array.from({ length: 40 }, (_, page) => ({
    lines: Array.from(
      { length: 12 },
      (_, line) => `File ${index} page ${page + 1} line ${line + 1}: inventory code IV-${index}-${page}-${line}.`,
    ),
  }));
  return { name: `inventory-${index}.pdf`, bytes: buildPdf(pages) };
}

describe('ingestion survives SIGKILL', () => {
  it('completes every accepted file exactly once after a kill and a restart, with no duplicate chunks', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'studio-crash-'));
    folders.push(dataDir);
    // The default setup: the studio runs its own Chroma under DATA_DIR.
    const env = { DATA_DIR: dataDir, CHROMA_URL: '', LOG_LEVEL: 'info' };

    const first = await spawnServer(env);
    children.push(first.child);
    const accepted: FileRecord[] = [];
    for (let index = 0; index < 12; index += 1) {
      const { name, bytes } = fixture(index);
      accepted.push(await uploadFile(first.url, name, bytes));
    }
    const client = createTestClient(first.url, { transport: 'sse' });
    // Kill while a file is being ingested and others still wait in the queue.
    await vi.waitFor(
      async () => {
        const { items } = await client.trpc.files.list.query({ limit: 50 });
        expect(items.some((item) => item.status === 'processing')).toBe(true);
        // Chroma starts on first use, after the first extraction: the kill must leave it orphaned.
        expect(existsSync(join(dataDir, 'chroma', 'chroma-server.pid'))).toBe(true);
        // Its pid file is written at spawn; its URL is logged once it answers.
        expect(first.output()).toMatch(/chroma started \{"url"/);
      },
      { timeout: 30_000, interval: 50 },
    );
    const orphan = managedChroma(dataDir, first.output());
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    // SIGKILL gives the studio no chance to stop its Chroma; its supervisor does (issue 13, item 4).
    await vi.waitFor(() => expect(isRunning(orphan.pid)).toBe(false), { timeout: 5000, interval: 50 });
    client.close();
    const before = await statusesOnDisk(dataDir);
    expect(before).toContain('processing');
    expect(before.filter((status) => status !== 'completed').length).toBeGreaterThan(1);

    const second = await spawnServer(env);
    children.push(second.child);
    const again = createTestClient(second.url, { transport: 'sse' });
    try {
      await vi.waitFor(
        async () => {
          const { items } = await again.trpc.files.list.query({ limit: 50 });
          expect(items.filter((item) => item.status === 'completed')).toHaveLength(12);
        },
        { timeout: 90_000, interval: 250 },
      );
      expect(isRunning(orphan.pid)).toBe(false);
      const { url: chromaUrl } = managedChroma(dataDir, second.output());
      const { items } = await again.trpc.files.list.query({ limit: 50 });
      expect(items.map((item) => item.fileId).sort()).toEqual(accepted.map((item) => item.fileId).sort());

      const db = await openDatabase({ file: join(dataDir, 'studio.db') }, allMigrations);
      const vectors = new ChromaVectorIndex(new ExternalChroma(chromaUrl), new HashingEmbedder());
      const [probe] = await new HashingEmbedder().embed(['inventory code']);
      try {
        for (const record of accepted) {
          const status = await again.trpc.files.status.query({ fileId: record.fileId });
          expect(status.chunkCount).toBeGreaterThan(0);
          const fts = await db.get<{ n: number }>(
            'SELECT COUNT(*) AS n FROM file_chunks_fts JOIN file_chunks c ON c.seq = file_chunks_fts.rowid WHERE c.file_id = ?',
            [record.fileId],
          );
          expect(fts?.n).toBe(status.chunkCount);
          const inChroma = await vectors.query(probe ?? [], { k: 2000, fileIds: [record.fileId] });
          expect(new Set(inChroma.map((match) => match.id)).size).toBe(status.chunkCount);
        }
        const total = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM file_chunks');
        expect(await vectors.count()).toBe(total?.n);
      } finally {
        await db.close();
      }
      const { hits } = await again.trpc.files.search.query({ query: 'IV-7-12-3' });
      expect(hits[0]).toMatchObject({ fileName: 'inventory-7.pdf', page: 13 });
    } finally {
      again.close();
      const stopped = new Promise((resolve) => second.child.once('exit', resolve));
      second.child.kill('SIGTERM');
      await stopped;
    }
  }, 180_000);
});

/** File statuses straight from SQLite while no server runs. */
async function statusesOnDisk(dataDir: string): Promise<string[]> {
  const db = await openDatabase({ file: join(dataDir, 'studio.db') }, allMigrations);
  try {
    return (await db.all<{ status: string }>('SELECT status FROM files')).map((row) => row.status);
  } finally {
    await db.close();
  }
}
