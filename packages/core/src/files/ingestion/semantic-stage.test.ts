import type { FileProgressEvent } from '@studio/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HashingEmbedder } from '../../embedding/hashing-embedder';
import { SemanticEmbedder } from '../../embedding/semantic-embedder';
import { createConsoleLogger } from '../../logger';
import type { Embedder } from '../../ports/embedder';
import { createStudio, type Studio } from '../../studio';
import { ManagedChroma } from '../storage/chroma/chroma-server';

const logger = createConsoleLogger('silent');
let chroma: ManagedChroma;
let chromaUrl: string;
const folders: string[] = [];

beforeAll(async () => {
  chroma = new ManagedChroma(newFolder('studio-chroma-'), logger);
  chromaUrl = await chroma.url();
});

afterAll(async () => {
  await chroma?.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function newFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

function open(dataDir: string, semanticEmbedder: Embedder): Promise<Studio> {
  return createStudio({
    dataDir,
    logger,
    watchConfig: false,
    chromaUrl,
    embedder: new HashingEmbedder(),
    semanticEmbedder,
  });
}

/**
 * A semantic embedder that records what it embeds. Batches beyond `passing` wait while it is closed
 * (a query, one text, never waits); like the real one it gives up when the caller's signal aborts.
 */
class GatedEmbedder implements Embedder {
  readonly name = 'gated-test';
  readonly dimension = 8;
  readonly embedded: string[] = [];
  private gate?: { promise: Promise<void>; open(): void };

  constructor(private passing = 0) {}

  close(): void {
    let open = () => {};
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.gate = { promise, open };
  }

  open(): void {
    this.gate?.open();
    this.gate = undefined;
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    if (texts.length > 1 && this.passing-- <= 0 && this.gate) {
      const aborted = new Promise<never>((_, reject) =>
        signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
      );
      await Promise.race([this.gate.promise, aborted]);
    }
    this.embedded.push(...texts);
    return texts.map((text) => Array.from({ length: 8 }, (_, index) => (text.charCodeAt(index) || 1) / 100));
  }
}

const paragraphs = (count: number) =>
  Array.from({ length: count }, (_, index) => `Section ${index}. Shelf LC-${1000 + index} holds spare parts.`).join(
    '\n\n',
  );

describe('the semantic phase', () => {
  it('completes a file without waiting for it, then upgrades the file with progress until ready', async () => {
    const embedder = new GatedEmbedder();
    embedder.close();
    const studio = await open(newFolder('studio-semantic-'), embedder);
    try {
      const events: FileProgressEvent[] = [];
      const stop = studio.bus.subscribe('file-progress', (event) => events.push(event.data));
      const { fileId } = await studio.files.upload({
        name: 'notes.txt',
        source: { bytes: Buffer.from(paragraphs(3)) },
      });
      await studio.files.whenIdle();
      // Keyword searchable and completed while the semantic model has not embedded a thing.
      const status = await studio.files.status(fileId);
      expect(status).toMatchObject({ status: 'completed', stage: 'done' });
      expect(status.semantic?.status).toMatch(/pending|indexing/);
      expect(embedder.embedded).toEqual([]);
      expect((await studio.files.search({ query: 'LC-1001' })).map((hit) => hit.fileId)).toContain(fileId);

      embedder.open();
      await vi.waitFor(async () =>
        expect((await studio.files.status(fileId)).semantic).toEqual({ status: 'ready', progress: 100 }),
      );
      stop();
      const semantic = events.filter((event) => event.semantic).map((event) => event.semantic?.status);
      expect(semantic[0]).toBe('pending');
      expect(semantic[semantic.length - 1]).toBe('ready');
      expect(events.find((event) => event.semantic?.status === 'ready')).toMatchObject({
        status: 'completed',
        stage: 'done',
      });
      const matches =
        (await studio.files.semantic?.query('Section 2. Shelf LC-1002 holds spare parts.', { k: 1 })) ?? [];
      expect(matches[0]?.chunkId.startsWith(fileId)).toBe(true);
    } finally {
      embedder.open();
      await studio.close();
    }
  });

  it('resumes after a restart from the last chunks written, not from the start', async () => {
    const dataDir = newFolder('studio-semantic-resume-');
    // One step of chunks goes through, the next is held: the process stops mid-phase.
    const first = new GatedEmbedder(1);
    first.close();
    const studio = await open(dataDir, first);
    let fileId = '';
    try {
      ({ fileId } = await studio.files.upload({ name: 'long.txt', source: { bytes: Buffer.from(paragraphs(1500)) } }));
      await studio.files.whenIdle();
      expect((await studio.files.status(fileId)).chunkCount).toBeGreaterThan(64);
      await vi.waitFor(async () => expect((await studio.files.status(fileId)).semantic?.progress).toBeGreaterThan(0));
    } finally {
      await studio.close();
      first.open();
    }
    const second = new GatedEmbedder();
    const reopened = await open(dataDir, second);
    try {
      await vi.waitFor(async () => expect((await reopened.files.status(fileId)).semantic?.status).toBe('ready'));
      const total = (await reopened.files.status(fileId)).chunkCount;
      expect(second.embedded.length).toBeGreaterThan(0);
      expect(second.embedded.length).toBeLessThan(total);
      expect(new Set([...first.embedded, ...second.embedded]).size).toBeGreaterThanOrEqual(total - 1);
    } finally {
      await reopened.close();
    }
  });

  it('finds a paraphrase with the offline model that the keyword index cannot', async () => {
    const embedder = new SemanticEmbedder({ threads: 1 });
    const studio = await open(newFolder('studio-semantic-real-'), embedder);
    try {
      const text = [
        'To stop the vehicle quickly, press the brake pedal firmly with your right foot.',
        'Quarterly revenue grew in every region thanks to new customers.',
        'The garden needs watering twice a week during the summer months.',
      ].join('\n\n');
      const { fileId } = await studio.files.upload({ name: 'mixed.txt', source: { bytes: Buffer.from(text) } });
      await studio.files.whenSemanticIdle();
      expect((await studio.files.status(fileId)).semantic?.status).toBe('ready');
      const [best] = (await studio.files.semantic?.query('how can I halt my car?', { k: 3 })) ?? [];
      const chunk = (await studio.files.search({ query: 'brake pedal', fileIds: [fileId] }))[0];
      expect(best?.chunkId).toBe(chunk?.chunkId);
    } finally {
      await studio.close();
      await embedder.close();
    }
  });
});
