import { describe, expect, it, vi } from 'vitest';
import { HashingEmbedder } from '../../embedding/hashing-embedder';
import { UnavailableError } from '../../errors/unavailable-error';
import { ChunkIndexer } from './chunk-indexer';
import { chunkSegments } from './chunking';
import type { TextSegment } from '../extraction/extracted-document';
import type { VectorIndex, VectorMatch, VectorRecord } from '../storage/vector-index';

/** Records every upsert as a batch and every delete; can fail the n-th upsert. */
class RecordingVectors implements VectorIndex {
  readonly name = 'recording';
  readonly calls: string[] = [];
  readonly batches: string[][] = [];
  constructor(private readonly failAt?: number) {}
  async upsert(records: VectorRecord[]): Promise<void> {
    this.calls.push(`upsert ${records.length}`);
    if (this.calls.filter((call) => call.startsWith('upsert')).length === this.failAt)
      throw new UnavailableError('VECTOR_STORE_UNAVAILABLE', 'down');
    this.batches.push(records.map((record) => record.id));
  }
  async deleteFile(fileId: string): Promise<void> {
    this.calls.push(`delete ${fileId}`);
  }
  async query(): Promise<VectorMatch[]> {
    return [];
  }
  async count(): Promise<number> {
    return this.batches.flat().length;
  }
}

const pages: TextSegment[] = Array.from({ length: 12 }, (_, index) => ({
  page: index + 1,
  text: Array.from(
    { length: 12 },
    (_, line) => `Page ${index + 1} line ${line + 1} names part PN-${index}-${line}.`,
  ).join(' '),
}));
const chunking = { size: 200, overlap: 40 };
const whole = chunkSegments(pages, chunking);

function indexer(vectors: VectorIndex, clearFirst = false): ChunkIndexer {
  return new ChunkIndexer({
    fileId: 'f1',
    embedder: new HashingEmbedder(),
    vectors,
    chunking,
    signal: new AbortController().signal,
    clearFirst,
    earlyWriteChunks: 10,
  });
}

/** Resolves once `vectors` saw a call starting with `prefix`. */
async function sawCall(vectors: RecordingVectors, prefix: string): Promise<void> {
  await vi.waitFor(() => expect(vectors.calls.some((call) => call.startsWith(prefix))).toBe(true), {
    timeout: 5000,
    interval: 1,
  });
}

describe('ChunkIndexer', () => {
  it('writes a first part while the file is still read and the rest at the end, with the chunks of one pass', async () => {
    const vectors = new RecordingVectors();
    const streaming = indexer(vectors, true);
    streaming.add(pages.slice(0, 6));
    // The early write starts before the reader hands over the remaining pages.
    await sawCall(vectors, 'upsert');
    streaming.add(pages.slice(6, 9));
    await streaming.finishReading(pages.slice(streaming.taken));
    expect(await streaming.embedded()).toEqual(whole);
    await streaming.write();
    expect(vectors.calls[0]).toBe('delete f1');
    expect(vectors.batches).toHaveLength(2);
    expect(vectors.batches.flat()).toEqual(whole.map((chunk) => `f1:${chunk.position}`));
  });

  it('writes a file read in one go in one request, after clearing earlier vectors', async () => {
    const vectors = new RecordingVectors();
    const once = indexer(vectors, true);
    await once.finishReading(pages);
    await once.embedded();
    await once.write();
    expect(vectors.calls).toEqual(['delete f1', `upsert ${whole.length}`]);
  });

  it('reports a failed early write when the caller asks for the rest', async () => {
    const vectors = new RecordingVectors(1);
    const failing = indexer(vectors);
    failing.add(pages.slice(0, 8));
    await sawCall(vectors, 'upsert');
    await failing.finishReading(pages.slice(8));
    await failing.embedded().catch(() => undefined);
    await expect(failing.write()).rejects.toThrow('down');
    expect(failing.wroteVectors).toBe(true);
  });
});
