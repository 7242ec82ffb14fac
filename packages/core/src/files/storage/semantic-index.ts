import type { Embedder } from '../../ports/embedder';
import type { VectorIndex } from './vector-index';

/** A chunk as the semantic phase embeds it (its text as stored for keyword search). */
export interface SemanticChunk {
  id: string;
  fileId: string;
  text: string;
  page?: number;
  section?: string;
}

/** A semantic neighbour: the chunk and its cosine similarity to the query (higher is closer, at most 1). */
export interface SemanticMatch {
  chunkId: string;
  score: number;
}

export interface SemanticIndexOptions {
  embedder: Embedder;
  /** A collection of this embedder's vectors only (its name and dimension). */
  vectors: VectorIndex;
  /**
   * Also embed ~350-character windows of each chunk and score a chunk by the better of its whole and
   * its best window (a sentence-level model loses a precise passage inside a long chunk). About 3.5×
   * the embedding work; off by default.
   */
  windows?: boolean;
}

/** Characters per window: about what Universal Sentence Encoder lite sees well. */
export const WINDOW_CHARS = 350;
const WINDOW_SEPARATOR = '#w';

/**
 * Semantic vectors of chunks (the later phase of ingestion) and the port search queries them
 * through: `query(text, { k, fileIds })` → chunk ids with cosine scores, best first. Chunk ids are
 * those of the keyword index; vectors of a chunk that no longer exists may linger until its file's
 * vectors are deleted, so callers keep only ids they find among the chunks.
 */
export class SemanticIndex {
  constructor(private readonly options: SemanticIndexOptions) {}

  /** Identifies the embedding space (the collection name). */
  get name(): string {
    return this.options.vectors.name;
  }

  get windows(): boolean {
    return this.options.windows ?? false;
  }

  /** Embeds the chunks (and their windows) in the embedder's worker threads and writes them. */
  async add(chunks: SemanticChunk[], signal?: AbortSignal): Promise<void> {
    const units = chunks.flatMap((chunk) => [
      { chunk, id: chunk.id, text: chunk.text },
      ...(this.windows
        ? windowsOf(chunk.text).map((text, index) => ({ chunk, id: `${chunk.id}${WINDOW_SEPARATOR}${index}`, text }))
        : []),
    ]);
    const vectors = await this.options.embedder.embed(
      units.map((unit) => unit.text),
      signal,
    );
    await this.options.vectors.upsert(
      units.map((unit, index) => ({
        id: unit.id,
        fileId: unit.chunk.fileId,
        vector: vectors[index] ?? [],
        page: unit.chunk.page,
        section: unit.chunk.section,
      })),
    );
  }

  deleteFile(fileId: string): Promise<void> {
    return this.options.vectors.deleteFile(fileId);
  }

  /** The `k` chunks closest in meaning to `text`, best first (a chunk scores by its whole or best window). */
  async query(
    text: string,
    options: { k: number; fileIds?: string[] },
    signal?: AbortSignal,
  ): Promise<SemanticMatch[]> {
    if (options.fileIds?.length === 0) return [];
    const [vector] = await this.options.embedder.embed([text], signal);
    if (!vector) return [];
    // A chunk may come back once whole and once per window: ask for enough to leave k distinct chunks.
    const pool = this.windows ? options.k * 4 : options.k;
    const matches = await this.options.vectors.query(vector, { k: pool, fileIds: options.fileIds });
    const best = new Map<string, number>();
    for (const match of matches) {
      const cut = match.id.indexOf(WINDOW_SEPARATOR);
      const chunkId = cut === -1 ? match.id : match.id.slice(0, cut);
      best.set(chunkId, Math.max(best.get(chunkId) ?? -Infinity, 1 - match.distance));
    }
    return [...best]
      .map(([chunkId, score]) => ({ chunkId, score }))
      .sort((a, b) => b.score - a.score)
      .slice(0, options.k);
  }
}

/** Consecutive pieces of about WINDOW_CHARS cut at spaces; none for a chunk not much longer than one. */
export function windowsOf(text: string): string[] {
  if (text.length <= WINDOW_CHARS * 1.5) return [];
  const windows: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + WINDOW_CHARS);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > start + WINDOW_CHARS / 2) end = space;
    }
    const piece = text.slice(start, end).trim();
    if (piece) windows.push(piece);
    start = end;
  }
  return windows;
}
