import type { SearchHit } from '@studio/shared';
import type { ConfigService } from '../../config/config-service';
import { DomainError } from '../../errors/domain-error';
import type { Embedder } from '../../ports/embedder';
import type { KeywordIndex, StoredChunk } from './keyword-index';
import type { VectorIndex } from '../storage/vector-index';
import { normalizeText } from '../../text/normalize';
import { indexTextOf } from './index-tokens';
import { analyzeQuery } from './keyword-query';
import { queryParts } from './query-parts';

type Scored = { chunk: StoredChunk; score: number };

/** Weights of the linear fusion; each side's scores are min-max normalised over its own candidates first. */
export interface FusionWeights {
  lexical: number;
  /** The fast vectors written at ingestion (hashing, or an OpenAI-compatible endpoint). */
  vectors: number;
  /** The later semantic phase's cosines (used when a semantic index is given). */
  semantic: number;
}

/** The weights without a semantic index: keywords and the fast vectors. */
export const DEFAULT_FUSION: FusionWeights = { lexical: 0.7, vectors: 0.3, semantic: 0.3 };

/**
 * With the offline semantic model over whole chunks (as shipped), measured on the evaluation corpus
 * (npm run eval -- --quick, bench/results/eval-quick.md): 0.85 lexical + 0.15 cosine gave 0.74
 * recall@5 against 0.72 at 0.7/0.3 (cross-document 0.67 against 0.58, paraphrase 0.32 against
 * 0.29, identifiers equal); half and half lost lexical questions. The hashing vectors on top
 * changed nothing measurable, so with semantic vectors they weigh nothing.
 */
export const SEMANTIC_FUSION: FusionWeights = { lexical: 0.85, vectors: 0, semantic: 0.15 };

/** The semantic phase's query port (`SemanticIndex.query`): chunk ids with cosine scores, best first. */
export interface SemanticQuery {
  query(
    text: string,
    options: { k: number; fileIds?: string[] },
    signal?: AbortSignal,
  ): Promise<{ chunkId: string; score: number }[]>;
}

export interface HybridSearchDeps {
  embedder: Embedder;
  vectors: VectorIndex;
  keywords: KeywordIndex;
  config: Pick<ConfigService, 'section'>;
  semantic?: SemanticQuery;
  /** Defaults to SEMANTIC_FUSION with a semantic index (the fast vectors weigh only if set here), else DEFAULT_FUSION. */
  fusion?: Partial<FusionWeights>;
}

/**
 * Hybrid retrieval: keyword matches (FTS5 bm25, or ts_rank_cd on PostgreSQL, over normalised,
 * identifier-aware tokens) and cosine neighbours (the fast vectors in Chroma, and the semantic
 * phase's when present), fused linearly after min-max normalising each side. A chunk holding an
 * identifier the query names (`--gzip`, `ssh_config`, `E-4417`) outranks one that does not. Then
 * maximal marginal relevance when config.context.use_mmr is on. Scores come back best first.
 */
export class HybridSearch {
  private readonly weights: FusionWeights;

  constructor(private readonly deps: HybridSearchDeps) {
    this.weights = {
      ...(deps.semantic ? SEMANTIC_FUSION : DEFAULT_FUSION),
      ...deps.fusion,
    };
  }

  async search(input: { query: string; fileIds?: string[]; k?: number }, signal?: AbortSignal): Promise<SearchHit[]> {
    const context = this.deps.config.section('context');
    const k = input.k ?? context.retrieval_k;
    // Hits need chunk rows: with none (no file indexed yet) there is nothing to ask the vector store.
    if ((input.fileIds && input.fileIds.length === 0) || !(await this.deps.keywords.hasChunks())) return [];
    const query = normalizeText(input.query);
    const parts = queryParts(query);
    let scored: Scored[];
    if (parts.length === 1) scored = await this.rank(query, input.fileIds, k, signal);
    else {
      // A compound question: each part ranked alone, a chunk scored by its best part (each part's
      // best scaled to 1), so every part's best passages reach the list.
      const ranked = await Promise.all(parts.map((part) => this.rank(part, input.fileIds, k, signal)));
      const best = new Map<string, Scored>();
      for (const list of ranked) {
        const top = list[0]?.score || 1;
        for (const { chunk, score } of list) {
          const scaled = score / top;
          if (scaled > (best.get(chunk.id)?.score ?? -Infinity)) best.set(chunk.id, { chunk, score: scaled });
        }
      }
      scored = [...best.values()].sort((a, b) => b.score - a.score);
    }
    const top = scored[0]?.score || 1;
    const picked = context.use_mmr ? maximalMarginalRelevance(scored, k, context.mmr_lambda) : scored.slice(0, k);
    // MMR picks for variety; the list is still shown best first.
    picked.sort((a, b) => b.score - a.score);
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

  /** One (normalised) query's candidates, fused and boosted for identifiers, best first. */
  private async rank(query: string, fileIds: string[] | undefined, k: number, signal?: AbortSignal): Promise<Scored[]> {
    // Chroma is asked for as many neighbours as the caller wants (a wider HNSW search costs time on
    // every query); the keyword side, cheap to widen, brings twice that for the fusion.
    const vectorPool = Math.max(k, 10);
    const keywordPool = Math.max(k * 2, 20);
    // Each side settles into a value at once, so a failure while another runs is never an unhandled rejection.
    const settle = <T>(promise: Promise<T>) =>
      promise.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
    const vectorQuery = settle(
      this.weights.vectors > 0
        ? this.deps.embedder
            .embed([query], signal)
            .then(([vector]) => (vector ? this.deps.vectors.query(vector, { k: vectorPool, fileIds }) : []))
            .then((matches) => matches.map((match) => ({ id: match.id, score: 1 - match.distance })))
        : Promise.resolve([]),
    );
    const semanticQuery = settle(
      this.deps.semantic && this.weights.semantic > 0
        ? this.deps.semantic
            .query(query, { k: keywordPool, fileIds }, signal)
            .then((matches) => matches.map((match) => ({ id: match.chunkId, score: match.score })))
        : Promise.resolve([]),
    );
    // Let the vector requests go out first, then run the keyword query (synchronous under SQLite) while Chroma works.
    await new Promise((resolve) => setImmediate(resolve));
    const keywordMatches = await this.deps.keywords.search(query, { limit: keywordPool, fileIds });
    // The keyword side's chunks are read while Chroma still works; only the vector side's others after.
    const chunks = new Map(
      (await this.deps.keywords.getChunks(keywordMatches.map((match) => match.id))).map((chunk) => [chunk.id, chunk]),
    );
    const lexical = keywordMatches.map((match) => ({ id: match.id, score: -match.rank }));
    const vectors = vectorOutcome(await vectorQuery, lexical.length);
    const semantic = vectorOutcome(await semanticQuery, lexical.length);

    const fused = new Map<string, number>();
    const add = (matches: { id: string; score: number }[], weight: number) => {
      if (weight === 0) return;
      for (const [id, score] of minMax(matches)) fused.set(id, (fused.get(id) ?? 0) + weight * score);
    };
    add(lexical, this.weights.lexical);
    add(vectors, this.weights.vectors);
    add(semantic, this.weights.semantic);

    for (const chunk of await this.deps.keywords.getChunks([...fused.keys()].filter((id) => !chunks.has(id))))
      chunks.set(chunk.id, chunk);
    const { identifiers: wholes, phrases } = analyzeQuery(query);
    const identifiers = [...wholes, ...phrases];
    const scored: Scored[] = [];
    for (const [id, score] of fused) {
      const chunk = chunks.get(id);
      // Vectors of a file deleted or not yet committed have no chunk row: skip them.
      if (!chunk) continue;
      // Each identifier held adds more than any fused score can (at most the sum of the weights).
      const held = identifiers.length === 0 ? 0 : countHeld(chunk, identifiers);
      scored.push({ chunk, score: score + held * this.maxFused() });
    }
    return scored.sort((a, b) => b.score - a.score);
  }

  private maxFused(): number {
    return this.weights.lexical + this.weights.vectors + this.weights.semantic;
  }
}

/**
 * A vector side's matches, or none when its store is unavailable and keywords still answer (the
 * health probe reports the outage); any other failure is raised.
 */
function vectorOutcome(
  outcome: { value: { id: string; score: number }[] } | { error: unknown },
  keywordCount: number,
): { id: string; score: number }[] {
  if ('value' in outcome) return outcome.value;
  const { error } = outcome;
  if (DomainError.isInstance(error) && error.kind === 'unavailable' && keywordCount > 0) return [];
  throw error;
}

/** Scores scaled to 0..1 over the list (all 1 when they are equal). */
function minMax(matches: { id: string; score: number }[]): Map<string, number> {
  let low = Infinity;
  let high = -Infinity;
  for (const { score } of matches) {
    low = Math.min(low, score);
    high = Math.max(high, score);
  }
  const range = high - low;
  return new Map(matches.map(({ id, score }) => [id, range > 0 ? (score - low) / range : 1]));
}

/**
 * How many of the query's identifiers (whole tokens, or phrases of tokens) the chunk holds, as it
 * is indexed: text, section, file name and the definition it belongs to.
 */
function countHeld(chunk: StoredChunk, identifiers: string[]): number {
  const indexed = ` ${chunk.indexText ?? indexTextOf(chunk, chunk.fileName)} `;
  return identifiers.filter((identifier) => indexed.includes(` ${identifier} `)).length;
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
