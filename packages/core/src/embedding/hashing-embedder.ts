import type { Embedder } from '../ports/embedder';

/**
 * The built-in offline embedder: feature hashing of words, word pairs and character trigrams into
 * a fixed-size, L2-normalised vector. No model, no download, deterministic and fast.
 *
 * What it captures: shared words, shared phrases, and spelling variants/morphology (trigrams), so
 * lexical and near-lexical matches rank well. What it does not: meaning. "car" and "automobile" are
 * unrelated to it; paraphrases score low. Point EMBEDDINGS_BASE_URL at a real embedding model for that.
 */
export class HashingEmbedder implements Embedder {
  readonly name: string;

  constructor(readonly dimension = 384) {
    this.name = `studio-hashing-v1-${dimension}`;
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embedOne(text));
  }

  embedOne(text: string): number[] {
    const vector = new Float64Array(this.dimension);
    const words = tokenize(text);
    const add = (hash: number, weight: number) => {
      const slot = hash % this.dimension;
      // The sign bit spreads collisions so they cancel on average instead of piling up.
      vector[slot] = (vector[slot] ?? 0) + (hash >>> 31 === 0 ? weight : -weight);
    };
    const counts = new Map<string, number>();
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
    // Features are hashed as `w:word`, `c:abc` and `b:one two`; hashing continues from the prefix's
    // hash instead of building each feature string (same hashes, far less garbage on long documents).
    for (const [word, count] of counts) {
      const weight = 1 + Math.log(count);
      add(fnv1a(word, WORD_SEED), weight);
      const padded = `^${word}$`;
      for (let i = 0; i + 3 <= padded.length; i += 1) add(fnv1a(padded, TRIGRAM_SEED, i, i + 3), 0.25 * weight);
    }
    for (let i = 0; i + 1 < words.length; i += 1) {
      add(fnv1a(words[i + 1] ?? '', fnv1a(' ', fnv1a(words[i] ?? '', BIGRAM_SEED))), 0.5);
    }
    let norm = 0;
    for (const value of vector) norm += value * value;
    norm = Math.sqrt(norm) || 1;
    return Array.from(vector, (value) => value / norm);
  }
}

/** Lower-cased runs of letters and digits, in any script. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a over `text[start, end)`, continuing from `hash` (the offset basis by default). */
function fnv1a(text: string, hash = FNV_OFFSET, start = 0, end = text.length): number {
  let value = hash;
  for (let i = start; i < end; i += 1) {
    value ^= text.charCodeAt(i);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

const WORD_SEED = fnv1a('w:');
const TRIGRAM_SEED = fnv1a('c:');
const BIGRAM_SEED = fnv1a('b:');
