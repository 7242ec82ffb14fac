import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashingEmbedder } from '../embedding/hashing-embedder';
import { createConsoleLogger } from '../logger';
import { testPostgresUrl, uniqueSchema } from '../store/test-support/postgres';
import { createStudio, type Studio } from '../studio';
import { ManagedChroma } from './storage/chroma/chroma-server';

/**
 * Two studios on one PostgreSQL schema, each with a DATA_DIR of its own (two hosts): uploaded
 * originals live in the database, so whichever process is up ingests and serves them.
 */
const logger = createConsoleLogger('silent');
const folders: string[] = [];
let chroma: ManagedChroma;
let chromaUrl: string;

beforeAll(async () => {
  chroma = new ManagedChroma(folder(), logger);
  chromaUrl = await chroma.url();
});

afterAll(async () => {
  await chroma?.stop();
  for (const path of folders) rmSync(path, { recursive: true, force: true });
});

function folder(): string {
  const path = mkdtempSync(join(tmpdir(), 'studio-originals-'));
  folders.push(path);
  return path;
}

function open(dataDir: string, schema: string, concurrency?: number): Promise<Studio> {
  return createStudio({
    dataDir,
    logger,
    watchConfig: false,
    chromaUrl,
    embedder: new HashingEmbedder(),
    semanticEmbedder: false,
    databaseUrl: testPostgresUrl(),
    databaseSchema: schema,
    files: { concurrency },
  });
}

async function read(body: Readable): Promise<string> {
  const pieces: Buffer[] = [];
  for await (const piece of body) pieces.push(piece as Buffer);
  return Buffer.concat(pieces).toString();
}

/** Files a process keeps under its own DATA_DIR/files, at any depth. */
function storedOn(dataDir: string): string[] {
  return readdirSync(join(dataDir, 'files'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

describe('originals in PostgreSQL, with a DATA_DIR per process', () => {
  it('an upload answered on A, which then stops, is ingested and served by B from its own disk', async () => {
    const schema = uniqueSchema('originals');
    const hostA = folder();
    const hostB = folder();
    const text = 'Dock schedule: crane DX-7710 lifts at dawn.\n'.repeat(50);
    const a = await open(hostA, schema, 0);
    let fileId: string;
    try {
      ({ fileId } = await a.files.upload({ name: 'schedule.txt', source: { bytes: Buffer.from(text) } }));
      expect(storedOn(hostA)).toEqual([]);
    } finally {
      await a.close();
    }
    const b = await open(hostB, schema);
    try {
      await b.files.whenIdle();
      expect(await b.files.status(fileId)).toMatchObject({ status: 'completed' });
      expect((await b.files.search({ query: 'DX-7710' }))[0]).toMatchObject({ fileId });
      expect(await read((await b.files.content(fileId)).body)).toBe(text);
      // The copy B extracted from is gone: a delete made anywhere leaves no original on any disk.
      expect(storedOn(hostB)).toEqual([]);
      await b.files.delete(fileId);
      await expect(b.files.content(fileId)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
      expect(await b.db.get('SELECT 1 AS one FROM file_originals WHERE file_id = ?', [fileId])).toBeUndefined();
    } finally {
      await b.db.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await b.close();
    }
  }, 120_000);

  it('moves an original kept on disk before the table existed into the database at start', async () => {
    const schema = uniqueSchema('originals');
    const host = folder();
    const text = 'Legacy manifest LG-3301.';
    const first = await open(host, schema, 0);
    const { fileId } = await first.files.upload({ name: 'legacy.txt', source: { bytes: Buffer.from(text) } });
    // As an install of before migration 0130 left it: the original on the shared disk only.
    await first.db.run('DELETE FROM file_originals WHERE file_id = ?', [fileId]);
    writeFileSync(join(host, 'files', fileId), text);
    expect(await read((await first.files.content(fileId)).body)).toBe(text);
    await first.close();

    const again = await open(host, schema, 0);
    try {
      expect(existsSync(join(host, 'files', fileId))).toBe(false);
      expect(await read((await again.files.content(fileId)).body)).toBe(text);
    } finally {
      await again.db.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await again.close();
    }
  }, 120_000);
});
