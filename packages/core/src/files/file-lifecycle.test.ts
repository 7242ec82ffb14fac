import { buildDocx, buildPdf } from '@studio/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashingEmbedder } from '../embedding/hashing-embedder';
import { createConsoleLogger } from '../logger';
import type { Embedder } from '../ports/embedder';
import { createStudio, type Studio } from '../studio';
import { ExternalChroma, ManagedChroma } from './storage/chroma/chroma-server';
import { ChromaVectorIndex, collectionNameFor } from './storage/vector-index';

const logger = createConsoleLogger('silent');
let chroma: ManagedChroma;
let chromaUrl: string;
const folders: string[] = [];

beforeAll(async () => {
  const folder = mkdtempSync(join(tmpdir(), 'studio-chroma-'));
  folders.push(folder);
  chroma = new ManagedChroma(folder, logger);
  chromaUrl = await chroma.url();
});

afterAll(async () => {
  await chroma?.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function newDataDir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'studio-lifecycle-'));
  folders.push(folder);
  return folder;
}

function open(dataDir: string, embedder: Embedder = new HashingEmbedder()): Promise<Studio> {
  return createStudio({ dataDir, logger, watchConfig: false, chromaUrl, embedder });
}

/** Vectors of one file in the collection of `embedder`, counted in Chroma itself. */
async function vectorCount(embedder: Embedder, fileId: string): Promise<number> {
  const index = new ChromaVectorIndex(new ExternalChroma(chromaUrl), embedder);
  const matches = await index.query(await embedder.embed(['anything']).then((vectors) => vectors[0] ?? []), {
    k: 1000,
    fileIds: [fileId],
  });
  return matches.length;
}

/** Rows of one file in the FTS5 index itself (these studios run on SQLite). */
async function ftsCount(studio: Studio, fileId: string): Promise<number> {
  const row = await studio.db.get<{ n: number }>(
    'SELECT COUNT(*) AS n FROM file_chunks_fts JOIN file_chunks c ON c.seq = file_chunks_fts.rowid WHERE c.file_id = ?',
    [fileId],
  );
  return row?.n ?? 0;
}

const longPdf = () =>
  buildPdf(
    Array.from({ length: 12 }, (_, page) => ({
      lines: [
        `Page ${page + 1} of the handbook.`,
        `Rule ${page + 1}: always label shelf LC-${1000 + page}.`,
        'Keep the aisles clear at all times.',
      ],
    })),
  );

describe('file lifecycle', () => {
  it('publishes progress through every stage and exposes it in status', async () => {
    const studio = await open(newDataDir());
    try {
      const stages: string[] = [];
      const stop = studio.bus.subscribe('file-progress', (event) => stages.push(event.data.stage));
      const record = await studio.files.upload({ name: 'handbook.pdf', source: { bytes: longPdf() } });
      await studio.files.whenIdle();
      stop();
      expect(stages).toEqual(
        expect.arrayContaining(['queued', 'extracting', 'chunking', 'embedding', 'indexing', 'done']),
      );
      expect(stages.indexOf('extracting')).toBeLessThan(stages.indexOf('done'));
      expect(await studio.files.status(record.fileId)).toMatchObject({
        status: 'completed',
        stage: 'done',
        progress: 100,
        pageCount: 12,
      });
      const hits = await studio.files.search({ query: 'LC-1007' });
      expect(hits[0]).toMatchObject({ fileName: 'handbook.pdf', page: 8 });
    } finally {
      await studio.close();
    }
  });

  it('delete removes the file, its chunks and its vectors', async () => {
    const dataDir = newDataDir();
    const studio = await open(dataDir);
    try {
      const record = await studio.files.upload({
        name: 'memo.docx',
        source: { bytes: buildDocx([{ heading: 'Only', paragraphs: ['Delete me: DEL-4040.'] }]) },
      });
      await studio.files.whenIdle();
      expect(await vectorCount(studio.embedder, record.fileId)).toBeGreaterThan(0);
      expect(await studio.files.delete(record.fileId)).toEqual({ fileId: record.fileId, deleted: true });
      expect(await ftsCount(studio, record.fileId)).toBe(0);
      expect(await vectorCount(studio.embedder, record.fileId)).toBe(0);
      expect(await studio.files.search({ query: 'DEL-4040' })).toEqual([]);
      expect((await studio.files.list()).items.map((item) => item.fileId)).not.toContain(record.fileId);
      await expect(studio.files.status(record.fileId)).rejects.toThrow(/not found/);
    } finally {
      await studio.close();
    }
  });

  it('resumes files interrupted by shutdown exactly once, without duplicate chunks', async () => {
    const dataDir = newDataDir();
    const first = await open(dataDir);
    const ids: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      ids.push((await first.files.upload({ name: `handbook-${index}.pdf`, source: { bytes: longPdf() } })).fileId);
    }
    await first.close(0);
    const second = await open(dataDir);
    try {
      await second.files.whenIdle();
      for (const fileId of ids) {
        const status = await second.files.status(fileId);
        expect(status.status).toBe('completed');
        expect(await ftsCount(second, fileId)).toBe(status.chunkCount);
        expect(await vectorCount(second.embedder, fileId)).toBe(status.chunkCount);
      }
    } finally {
      await second.close();
    }
  });

  it('a changed embedder gets its own collection and the files are re-indexed', async () => {
    const dataDir = newDataDir();
    const small = new HashingEmbedder(128);
    const first = await open(dataDir);
    const record = await first.files.upload({
      name: 'notes.md',
      source: { bytes: Buffer.from('# Notes\n\nThe pump model is PX-9000.') },
    });
    await first.files.whenIdle();
    await first.close();
    expect(collectionNameFor(small)).not.toBe(collectionNameFor(new HashingEmbedder()));

    const second = await open(dataDir, small);
    try {
      await second.files.whenIdle();
      expect((await second.files.status(record.fileId)).status).toBe('completed');
      expect(await vectorCount(small, record.fileId)).toBe(1);
      const hits = await second.files.search({ query: 'PX-9000 pump' });
      expect(hits[0]?.fileId).toBe(record.fileId);
      expect((await second.health.check()).components.vectorStore.detail).toContain(collectionNameFor(small));
    } finally {
      await second.close();
    }
  });
});
