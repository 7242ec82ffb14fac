import { buildDocxBomb, buildPdf } from '@studio/testing';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors/domain-error';
import { createConsoleLogger } from '../logger';
import { createStudio, type Studio } from '../studio';
import { renderTextPng } from './test-support/render-text-image';

let studio: Studio;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'studio-bad-inputs-'));
  studio = await createStudio({ dataDir, logger: createConsoleLogger('silent'), watchConfig: false });
});

afterAll(async () => {
  await studio?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!DomainError.isInstance(error)) throw new Error(`expected a domain error, got ${String(error)}`);
  return error;
}

/** Files on disk besides the stored ones (partial uploads, temp files). */
async function strayFiles(): Promise<string[]> {
  const known = new Set((await studio.files.list({ limit: 200 })).items.map((item) => item.fileId));
  const stored = readdirSync(join(dataDir, 'files'), { withFileTypes: true }).filter(
    (entry) => entry.isFile() && !known.has(entry.name),
  );
  return [...stored.map((entry) => entry.name), ...readdirSync(join(dataDir, 'files', 'incoming'))];
}

async function ingest(name: string, bytes: Uint8Array) {
  const record = await studio.files.upload({ name, source: { bytes } });
  await studio.files.whenIdle();
  return studio.files.status(record.fileId);
}

describe('bad inputs fail cleanly and the studio stays healthy', () => {
  it('refuses a zero-byte file', async () => {
    const error = await rejection(studio.files.upload({ name: 'empty.txt', source: { bytes: new Uint8Array() } }));
    expect(error.kind).toBe('invalid_input');
    expect(error.code).toBe('EMPTY_FILE');
  });

  it('refuses a PNG named .pdf and text named .xlsx as lying types', async () => {
    const png = await rejection(
      studio.files.upload({ name: 'invoice.pdf', source: { bytes: await renderTextPng(['x']) } }),
    );
    expect(png.kind).toBe('unsupported_media_type');
    expect(png.code).toBe('FILE_TYPE_MISMATCH');
    expect(png.message).toMatch(/PNG/);
    const text = await rejection(
      studio.files.upload({ name: 'budget.xlsx', source: { bytes: Buffer.from('just some words\n') } }),
    );
    expect(text.kind).toBe('unsupported_media_type');
    expect(text.message).toMatch(/plain text/);
  });

  it('refuses unknown binary types', async () => {
    const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(64, 1)]);
    const error = await rejection(studio.files.upload({ name: 'anim.gif', source: { bytes: gif } }));
    expect(error.kind).toBe('unsupported_media_type');
  });

  it('refuses a file over the size limit and leaves nothing behind', async () => {
    await studio.config.update({ section: 'context', values: { max_file_size_mb: 0.01 } });
    try {
      const error = await rejection(
        studio.files.upload({ name: 'big.txt', source: { bytes: Buffer.alloc(20_000, 0x61) } }),
      );
      expect(error.kind).toBe('payload_too_large');
      expect(error.code).toBe('FILE_TOO_LARGE');
    } finally {
      await studio.config.update({ section: 'context', values: { max_file_size_mb: 100 } });
    }
    expect(await strayFiles()).toEqual([]);
  });

  it('fails a corrupt PDF with a clear reason', async () => {
    const corrupt = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog'), Buffer.alloc(400, 0x37)]);
    const status = await ingest('broken.pdf', corrupt);
    expect(status.status).toBe('failed');
    expect(status.error?.code).toBe('CORRUPT_FILE');
  });

  it('fails a password-protected PDF, saying so', async () => {
    const status = await ingest('locked.pdf', buildPdf([{ lines: ['top secret'] }], { encrypted: true }));
    expect(status.status).toBe('failed');
    expect(status.error).toEqual({ code: 'PDF_ENCRYPTED', message: expect.stringMatching(/password/) });
  });

  it('fails a DOCX that expands to hundreds of megabytes within seconds', async () => {
    const bomb = await buildDocxBomb(400 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const started = Date.now();
    const status = await ingest('bomb.docx', bomb);
    expect(status.status).toBe('failed');
    expect(status.error?.code).toBe('ZIP_BOMB');
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);

  it('answers NOT_FOUND for an unknown fileId', async () => {
    expect((await rejection(studio.files.status('no-such-file'))).kind).toBe('not_found');
    expect((await rejection(studio.files.delete('no-such-file'))).code).toBe('FILE_NOT_FOUND');
  });

  it('still ingests a good file afterwards and reports healthy', async () => {
    const status = await ingest('fine.md', Buffer.from('# Fine\n\nEverything here is GOOD-1234 and fine.'));
    expect(status.status).toBe('completed');
    const health = await studio.health.check();
    expect(health.components.store.status).toBe('ok');
    expect(health.components.vectorStore.status).toBe('ok');
    expect(await strayFiles()).toEqual([]);
  });
});
