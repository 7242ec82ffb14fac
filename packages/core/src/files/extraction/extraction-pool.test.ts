import { buildPdf } from '@studio/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleLogger } from '../../logger';
import type { ExtractionOptions } from './extracted-document';
import { ExtractionPool } from './extraction-pool';

const options: ExtractionOptions = { ocrEnabled: false, ocrLanguage: 'eng', maxUncompressedBytes: 64 * 1024 * 1024 };
let folder: string;
let bigPdf: string;
let smallPdf: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'studio-extraction-'));
  bigPdf = join(folder, 'big');
  smallPdf = join(folder, 'small');
  writeFileSync(bigPdf, buildPdf(Array.from({ length: 400 }, (_, page) => ({ lines: [`Page ${page + 1} text.`] }))));
  writeFileSync(smallPdf, buildPdf([{ lines: ['Small and quick.'] }]));
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('ExtractionPool', () => {
  it('reads a file in a child process', async () => {
    const pool = new ExtractionPool({ logger: createConsoleLogger('silent') });
    try {
      const document = await pool.extract(smallPdf, 'pdf', options);
      expect(document).toEqual({ type: 'pdf', segments: [{ text: 'Small and quick.', page: 1 }], pageCount: 1 });
    } finally {
      await pool.close();
    }
  });

  it('kills a reader over its deadline, failing only that file', async () => {
    const pool = new ExtractionPool({ logger: createConsoleLogger('silent'), timeoutMs: 300 });
    try {
      const started = Date.now();
      await expect(pool.extract(bigPdf, 'pdf', options)).rejects.toMatchObject({ code: 'EXTRACTION_TIMEOUT' });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await pool.close();
    }
    const healthy = new ExtractionPool({ logger: createConsoleLogger('silent') });
    try {
      expect((await healthy.extract(smallPdf, 'pdf', options)).segments).toHaveLength(1);
    } finally {
      await healthy.close();
    }
  }, 30_000);

  it('kills a reader that grows past its memory limit', async () => {
    const pool = new ExtractionPool({ logger: createConsoleLogger('silent'), memoryLimitMb: 40 });
    try {
      await expect(pool.extract(bigPdf, 'pdf', options)).rejects.toMatchObject({ code: 'EXTRACTION_MEMORY_LIMIT' });
    } finally {
      await pool.close();
    }
  }, 30_000);

  it('reports a cancelled extraction as cancelled', async () => {
    const pool = new ExtractionPool({ logger: createConsoleLogger('silent') });
    const abort = new AbortController();
    try {
      const pending = pool.extract(bigPdf, 'pdf', options, abort.signal);
      abort.abort();
      await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    } finally {
      await pool.close();
    }
  });
});
