import type { SupportedFileType } from '@studio/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { configMigrations } from '../config/config-migrations';
import { ConfigService } from '../config/config-service';
import { HashingEmbedder } from '../embedding/hashing-embedder';
import { ExtractionError } from '../errors/extraction-error';
import { UnavailableError } from '../errors/unavailable-error';
import { InMemoryEventBus } from '../events/in-memory-event-bus';
import { createConsoleLogger } from '../logger';
import { WorkTracker } from '../work-tracker';
import type { ExtractedDocument, ExtractionOptions, TextSegment } from './extraction/extracted-document';
import type { Extractor } from './extraction/extraction-pool';
import { filesMigrations } from './storage/files-migrations';
import { FileService } from './file-service';
import { DIALECTS, testDatabases, type Dialect } from '../store/test-support/dialects';
import type { VectorIndex, VectorMatch, VectorRecord } from './storage/vector-index';

/** Vectors in a map; `failures` upserts throw "unavailable" first, as a Chroma restart would. */
class FlakyVectorIndex implements VectorIndex {
  readonly name = 'fake-index';
  readonly records = new Map<string, VectorRecord>();
  upserts = 0;

  constructor(private failures = 0) {}

  async upsert(records: VectorRecord[]): Promise<void> {
    this.upserts += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new UnavailableError('VECTOR_STORE_UNAVAILABLE', 'the vector store is restarting');
    }
    for (const record of records) this.records.set(record.id, record);
  }

  async deleteFile(fileId: string): Promise<void> {
    for (const [id, record] of this.records) if (record.fileId === fileId) this.records.delete(id);
  }

  async query(_vector: number[], options: { k: number }): Promise<VectorMatch[]> {
    return [...this.records.keys()].slice(0, options.k).map((id) => ({ id, distance: 0.5 }));
  }

  async count(): Promise<number> {
    return this.records.size;
  }
}

/** Returns one segment per file; `gate` holds extraction until the test opens it. */
class FakeExtractor implements Extractor {
  readonly calls: string[] = [];
  gate?: Promise<void>;

  async extract(path: string, type: SupportedFileType, _options: ExtractionOptions): Promise<ExtractedDocument> {
    this.calls.push(path);
    await this.gate;
    return { type, segments: [{ text: 'Gasket GS-2 fits the intake.', page: 1 }], pageCount: 1 };
  }

  async close(): Promise<void> {}
}

/** Hands over pages as a PDF reader does (enough for an early vector write), then can fail. */
class StreamingExtractor implements Extractor {
  constructor(private readonly failAfterStreaming = false) {}

  async extract(
    _path: string,
    type: SupportedFileType,
    _options: ExtractionOptions,
    _signal?: AbortSignal,
    onSegments?: (segments: TextSegment[]) => void,
  ): Promise<ExtractedDocument> {
    const segments = Array.from({ length: 90 }, (_, index) => ({
      text: `Page ${index + 1} lists valve VL-${index + 1}0 and its torque.`,
      page: index + 1,
    }));
    onSegments?.(segments.slice(0, 80));
    // The reader goes on for a while: long enough for the first pages to be embedded and written.
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (this.failAfterStreaming)
      throw new ExtractionError('CORRUPT_FILE', 'the PDF could not be read (page 81 is damaged)');
    onSegments?.(segments.slice(80));
    return { type, segments, pageCount: 90 };
  }

  async close(): Promise<void> {}
}

const databases = testDatabases([...configMigrations, ...filesMigrations], 'file_service');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(() => databases.closeAll());

async function build(dialect: Dialect, vectors: VectorIndex, extractor: Extractor) {
  const dataDir = mkdtempSync(join(tmpdir(), 'studio-file-service-'));
  const db = await databases.open(dialect);
  const bus = new InMemoryEventBus();
  const logger = createConsoleLogger('silent');
  const config = new ConfigService({ dir: join(dataDir, 'config'), db, bus, logger, watch: false });
  await config.start();
  let id = 0;
  const files = new FileService({
    dataDir,
    db,
    bus,
    config,
    embedder: new HashingEmbedder(),
    vectors,
    extractor,
    work: new WorkTracker(),
    logger,
    generateId: () => `file-${(id += 1)}`,
    now: () => new Date(),
  });
  await files.start();
  cleanups.push(async () => {
    await files.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { files, bus };
}

describe.each(DIALECTS)('FileService with fakes on %s', (dialect) => {
  it('retries a file when the vector store is briefly unavailable instead of failing it', async () => {
    const vectors = new FlakyVectorIndex(1);
    const { files, bus } = await build(dialect, vectors, new FakeExtractor());
    const messages: string[] = [];
    bus.subscribe('file-progress', (event) => event.data.message && messages.push(event.data.message));
    const record = await files.upload({
      name: 'parts.txt',
      source: { bytes: Buffer.from('Gasket GS-2 fits the intake.') },
    });
    await files.whenIdle();
    expect(await files.status(record.fileId)).toMatchObject({ status: 'completed', chunkCount: 1 });
    expect(vectors.upserts).toBe(2);
    expect(messages.some((message) => /restarting; retrying in 2 s/.test(message))).toBe(true);
  }, 15_000);

  it('a file deleted while it is being read leaves no chunks or vectors behind', async () => {
    const vectors = new FlakyVectorIndex();
    const extractor = new FakeExtractor();
    let open = () => {};
    extractor.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const { files } = await build(dialect, vectors, extractor);
    const record = await files.upload({
      name: 'parts.txt',
      source: { bytes: Buffer.from('Gasket GS-2 fits the intake.') },
    });
    await expect.poll(() => extractor.calls.length).toBe(1);
    await files.delete(record.fileId);
    open();
    await files.whenIdle();
    expect(vectors.records.size).toBe(0);
    expect(await files.search({ query: 'GS-2 gasket' })).toEqual([]);
    expect((await files.list()).items).toEqual([]);
  });

  it('writes vectors of pages read so far while the reader goes on, and keeps none of a file that then fails', async () => {
    const vectors = new FlakyVectorIndex();
    const { files } = await build(dialect, vectors, new StreamingExtractor());
    const good = await files.upload({ name: 'valves.pdf', source: { bytes: Buffer.from('%PDF-1.4 stand-in') } });
    await files.whenIdle();
    expect(await files.status(good.fileId)).toMatchObject({ status: 'completed', chunkCount: 90 });
    expect(vectors.upserts).toBe(2);
    expect(vectors.records.size).toBe(90);
    expect((await files.search({ query: 'VL-870' }))[0]).toMatchObject({ fileId: good.fileId, page: 87 });

    const failedVectors = new FlakyVectorIndex();
    const failing = await build(dialect, failedVectors, new StreamingExtractor(true));
    const bad = await failing.files.upload({
      name: 'damaged.pdf',
      source: { bytes: Buffer.from('%PDF-1.4 stand-in') },
    });
    await failing.files.whenIdle();
    expect(await failing.files.status(bad.fileId)).toMatchObject({ status: 'failed', error: { code: 'CORRUPT_FILE' } });
    // The first pages were written before the reader failed; the failure took them back.
    expect(failedVectors.upserts).toBe(1);
    expect(failedVectors.records.size).toBe(0);
  });

  it('stores uploads under generated ids, never under the user’s name', async () => {
    const { files } = await build(dialect, new FlakyVectorIndex(), new FakeExtractor());
    const record = await files.upload({ name: '../../etc/passwd.txt', source: { bytes: Buffer.from('root:x:0:0') } });
    expect(record).toMatchObject({ fileId: 'file-1', name: 'passwd.txt' });
    await files.whenIdle();
  });
});
