import { CancelledError } from '../../errors/cancelled-error';
import { toError } from '../../errors/to-error';
import type { Embedder } from '../../ports/embedder';
import { chunkSegments, splitLargeSegments, type Chunk, type ChunkingOptions } from './chunking';
import type { TextSegment } from '../extraction/extracted-document';
import { chunkIdFor } from '../search/keyword-index';
import type { VectorIndex } from '../storage/vector-index';
import { normalizeText } from '../../text/normalize';

const EMBED_BATCH = 32;
/**
 * Once this many chunks are embedded while the file is still being read, they are written to
 * Chroma at once, and the rest in one more request at the end. Measured on two cores: one early
 * write overlaps enough of the reading to pay off; a write per page group did not (each request
 * to Chroma has a fixed cost, and three busy processes share two cores).
 */
export const EARLY_WRITE_CHUNKS = 64;
/**
 * Characters chunked in one turn of the event loop (~10–30 ms here): a 50 MB text chunked in one go
 * held the loop for seconds. A longer segment is cut at a line break near this size first.
 */
export const CHUNKING_SLICE_CHARS = 64 * 1024;

export interface ChunkIndexerDeps {
  fileId: string;
  embedder: Embedder;
  vectors: VectorIndex;
  chunking: ChunkingOptions;
  signal: AbortSignal;
  /** A retry or a re-index may find vectors of an earlier run: they go before anything is written. */
  clearFirst: boolean;
  earlyWriteChunks?: number;
}

/**
 * Chunks, embeds and writes one file's vectors as its text arrives: extraction (another process)
 * hands over pages as it reads them, they are embedded here meanwhile, and a first part is written
 * before the reading ends. Chunks never span two pages or sections and positions run on across
 * calls, so the chunks and their ids are exactly those of one pass over the whole document.
 */
export class ChunkIndexer {
  private readonly chunks: Chunk[] = [];
  private readonly vectors: number[][] = [];
  /** Chunks waiting for the embedding round in progress; the next round takes them all. */
  private waiting: Chunk[] = [];
  private segmentsTaken = 0;
  /** Segments waiting to be chunked, in reading order; chunked a slice per turn of the event loop. */
  private unchunked: TextSegment[] = [];
  private chunking: Promise<void> = Promise.resolve();
  private chunkingBusy = false;
  private embedding: Promise<void> = Promise.resolve();
  private embeddingBusy = false;
  private early?: Promise<void>;
  private earlyCount = 0;
  private reading = true;
  private failure?: Error;
  private wrote = false;

  constructor(private readonly deps: ChunkIndexerDeps) {}

  /** How many segments were handed over so far (the caller adds only the rest of the document). */
  get taken(): number {
    return this.segmentsTaken;
  }

  get chunkCount(): number {
    return this.chunks.length;
  }

  /** Whether vectors of this file may be in the index from this run. */
  get wroteVectors(): boolean {
    return this.wrote;
  }

  /** Takes the next segments in reading order; they are chunked and embedded in the background. */
  add(segments: TextSegment[]): void {
    this.segmentsTaken += segments.length;
    this.unchunked.push(...splitLargeSegments(segments, CHUNKING_SLICE_CHARS));
    if (this.chunkingBusy) return;
    this.chunkingBusy = true;
    this.chunking = this.chunking.then(() => this.chunkPending());
  }

  /** The reading is over: the segments it did not hand over yet, if any, are the last; resolves once all are chunked. */
  async finishReading(rest: TextSegment[]): Promise<void> {
    this.reading = false;
    this.add(rest);
    await this.chunking;
  }

  /** Resolves when every chunk added so far is embedded (the reading is over); rejects with a failure. */
  async embedded(): Promise<Chunk[]> {
    this.reading = false;
    await this.chunking;
    await this.embedding;
    if (this.failure !== undefined) throw this.failure;
    return this.chunks;
  }

  /** Writes the vectors not written early, in one request, after the early write. */
  async write(): Promise<void> {
    await this.embedded();
    await this.early;
    if (this.failure !== undefined) throw this.failure;
    if (this.earlyCount === 0 && this.deps.clearFirst) await this.deps.vectors.deleteFile(this.deps.fileId);
    this.wrote = true;
    await this.upsert(this.earlyCount, this.chunks.length);
  }

  /** Waits for embedding and writes in flight without raising their failure (before cleaning up). */
  async settle(): Promise<void> {
    this.reading = false;
    await this.chunking;
    await this.embedding;
    await this.early;
  }

  /** Chunks waiting segments a slice at a time, handing the event loop back between slices. */
  private async chunkPending(): Promise<void> {
    try {
      while (this.unchunked.length > 0) {
        let size = 0;
        let count = 0;
        while (count < this.unchunked.length && (count === 0 || size < CHUNKING_SLICE_CHARS))
          size += this.unchunked[count++]?.text.length ?? 0;
        const fresh = chunkSegments(this.unchunked.splice(0, count), this.deps.chunking).map((chunk, index) => ({
          ...chunk,
          position: this.chunks.length + index,
        }));
        this.chunks.push(...fresh);
        this.waiting.push(...fresh);
        if (fresh.length > 0 && !this.embeddingBusy) {
          this.embeddingBusy = true;
          this.embedding = this.embedding.then(() => this.drain());
        }
        if (this.unchunked.length > 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      this.failure ??= toError(error);
      this.unchunked = [];
    } finally {
      this.chunkingBusy = false;
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, EMBED_BATCH);
        if (this.deps.signal.aborted) throw new CancelledError('ingestion interrupted');
        this.vectors.push(
          ...(await this.deps.embedder.embed(
            // The same normalisation as the keyword index and queries ("−−gzip" is "--gzip").
            batch.map((chunk) => normalizeText(chunk.text)),
            this.deps.signal,
          )),
        );
        this.maybeWriteEarly();
        // Hand the event loop back between batches so requests stay responsive.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      this.failure ??= toError(error);
      this.waiting = [];
    } finally {
      this.embeddingBusy = false;
    }
  }

  private maybeWriteEarly(): void {
    if (this.early || !this.reading || this.vectors.length < (this.deps.earlyWriteChunks ?? EARLY_WRITE_CHUNKS)) return;
    const count = this.vectors.length;
    this.earlyCount = count;
    this.wrote = true;
    this.early = (async () => {
      try {
        if (this.deps.clearFirst) await this.deps.vectors.deleteFile(this.deps.fileId);
        await this.upsert(0, count);
      } catch (error) {
        this.failure ??= toError(error);
      }
    })();
  }

  private async upsert(from: number, to: number): Promise<void> {
    if (to <= from) return;
    const { fileId } = this.deps;
    await this.deps.vectors.upsert(
      this.chunks.slice(from, to).map((chunk, index) => ({
        id: chunkIdFor(fileId, chunk.position),
        fileId,
        vector: this.vectors[from + index] ?? [],
        page: chunk.page,
        section: chunk.section,
      })),
    );
  }
}
