import type { ContextConfig, SearchHit } from '@studio/shared';
import type { ConfigService } from '../../config/config-service';
import { DomainError } from '../../errors/domain-error';
import type { Embedder } from '../../ports/embedder';
import type { KeywordIndex, StoredChunk } from './keyword-index';
import type { VectorIndex } from '../storage/vector-index';

/** The usual RRF constant: damps the head of each list so neither ranking dominates. */
const RRF_K = 60;
/** Weight of a literal, case-insensitive occurrence of a code-like query word in a chunk. */
const EXACT_BONUS = 1 / (RRF_K + 1);

export interface HybridSearchDeps {
  embedder: Embedder;
  vectors: VectorIndex;
  keywords: KeywordIndex;
  config: Pick<ConfigService, 'section'>;
}

/**
 * Hybrid retrieval: vector neighbours (Chroma) and keyword matches (FTS5 bm25, or ts_rank_cd on
 * PostgreSQL) fused by reciprocal rank, a bonus for chunks that literally contain a code-like query
 * word ("ZX-4471-Q", "INV-2024-001", "3.14159"), then maximal marginal relevance when
 * config.context.use_mmr is on.
 */
export class HybridSearch {
  constructor(private readonly deps: HybridSearchDeps) {}

  async search(input: { query: string; fileIds?: string[]; k?: number }, signal?: AbortSignal): Promise<SearchHit[]> {
    const context = this.deps.config.section('context') as ContextConfig;
    const k = input.k ?? context.retrieval_k;
    // Hits need chunk rows: with none (no file indexed yet) there is nothing to ask the vector store.
    if ((input.fileIds && input.fileIds.length === 0) || !(await this.deps.keywords.hasChunks())) return [];
    // Chroma is asked for as many neighbours as the caller wants (a wider HNSW search costs time on
    // every query); the keyword side, cheap to widen, brings twice that for the fusion.
    const vectorPool = Math.max(k, 10);
    const keywordPool = Math.max(k * 2, 20);
    const [vector] = await this.deps.embedder.embed([input.query], signal);
    // Settled into a value at once, so a failure while the keyword side runs is never an unhandled rejection.
    const vectorQuery = (
      vector ? this.deps.vectors.query(vector, { k: vectorPool, fileIds: input.fileIds }) : Promise.resolve([])
    ).then(
      (matches) => ({ matches }),
      (error: unknown) => ({ error }),
    );
    // Let the vector request go out first, then run the keyword query (synchronous under SQLite) while Chroma works.
    await new Promise((resolve) => setImmediate(resolve));
    const keywordMatches = await this.deps.keywords.search(input.query, { limit: keywordPool, fileIds: input.fileIds });
    // The keyword side's chunks are read while Chroma still works; only the vector side's others after.
    const chunks = new Map(
      (await this.deps.keywords.getChunks(keywordMatches.map((match) => match.id))).map((chunk) => [chunk.id, chunk]),
    );
    const vectorResult = await vectorQuery;
    // With the vector store down, keyword hits still answer; the health probe reports the outage.
    let vectorMatches = 'matches' in vectorResult ? vectorResult.matches : [];
    if ('error' in vectorResult) {
      const { error } = vectorResult;
      if (!(DomainError.isInstance(error) && error.kind === 'unavailable' && keywordMatches.length > 0)) throw error;
      vectorMatches = [];
    }

    const fused = new Map<string, number>();
    const addRanks = (ids: string[]) =>
      ids.forEach((id, rank) => fused.set(id, (fused.get(id) ?? 0) + 1 / (RRF_K + rank + 1)));
    addRanks(vectorMatches.map((match) => match.id));
    addRanks(keywordMatches.map((match) => match.id));

    for (const chunk of await this.deps.keywords.getChunks([...fused.keys()].filter((id) => !chunks.has(id))))
      chunks.set(chunk.id, chunk);
    const codes = codeLikeWords(input.query);
    const scored: { chunk: StoredChunk; score: number }[] = [];
    for (const [id, score] of fused) {
      const chunk = chunks.get(id);
      // Vectors of a file deleted or not yet committed have no chunk row: skip them.
      if (!chunk) continue;
      const bonus = codes.length === 0 ? 0 : countIncluded(chunk.text.toLowerCase(), codes) * EXACT_BONUS;
      scored.push({ chunk, score: score + bonus });
    }
    scored.sort((a, b) => b.score - a.score);
    const top = scored[0]?.score ?? 1;
    const picked = context.use_mmr ? maximalMarginalRelevance(scored, k, context.mmr_lambda) : scored.slice(0, k);
    return picked.map(({ chunk, score }) => ({
      chunkId: chunk.id,
      fileId: chunk.fileId,
      fileName: chunk.fileName,
      text: chunk.text,
      score: Math.round((score / top) * 1000) / 1000,
      ...(chunk.page !== undefined ? { page: chunk.page } : {}),
      ...(chunk.section !== undefined ? { section: chunk.section } : {}),
    }));
  }
}

/** Query words that carry a digit or inner punctuation: identifiers, codes, versions, numbers. */
export function codeLikeWords(query: string): string[] {
  return query
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').toLowerCase())
    .filter((word) => word.length >= 3 && (/\p{N}/u.test(word) || /[\p{L}\p{N}][-_./:#][\p{L}\p{N}]/u.test(word)));
}

/**
 * Greedy MMR over the fused candidates: relevance is the fused score (scaled to 0..1), redundancy
 * the word-set overlap (Jaccard) with chunks already picked. Lexical overlap stands in for vector
 * similarity so no candidate vectors have to be fetched back from Chroma.
 */
export function maximalMarginalRelevance<T extends { chunk: { text: string }; score: number }>(
  candidates: T[],
  k: number,
  lambda: number,
): T[] {
  const top = candidates[0]?.score ?? 1;
  const words = candidates.map((candidate) => wordSet(candidate.chunk.text));
  const picked: number[] = [];
  const remaining = new Set(candidates.map((_, index) => index));
  // Each candidate's highest similarity to anything picked so far, updated once per pick.
  const redundancy = new Array<number>(candidates.length).fill(0);
  while (picked.length < k && remaining.size > 0) {
    let best = -1;
    let bestValue = -Infinity;
    for (const index of remaining) {
      const value = lambda * ((candidates[index]?.score ?? 0) / top) - (1 - lambda) * (redundancy[index] ?? 0);
      if (value > bestValue) {
        bestValue = value;
        best = index;
      }
    }
    picked.push(best);
    remaining.delete(best);
    for (const index of remaining)
      redundancy[index] = Math.max(redundancy[index] ?? 0, jaccard(words[index], words[best]));
  }
  return picked.map((index) => candidates[index]).filter((candidate): candidate is T => candidate !== undefined);
}

function countIncluded(text: string, codes: string[]): number {
  return codes.filter((code) => text.includes(code)).length;
}

/** Word sets of recently ranked chunks: the same chunks come back query after query. */
const wordSets = new Map<string, Set<string>>();
const MAX_WORD_SETS = 4000;

function wordSet(text: string): Set<string> {
  let words = wordSets.get(text);
  if (!words) {
    words = new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
    // Oldest first out: a Map iterates in insertion order.
    if (wordSets.size >= MAX_WORD_SETS) wordSets.delete(wordSets.keys().next().value ?? '');
    wordSets.set(text, words);
  }
  return words;
}

function jaccard(a: Set<string> | undefined, b: Set<string> | undefined): number {
  if (!a || !b || a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  return shared / (a.size + b.size - shared);
}
