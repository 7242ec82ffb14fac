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
    const add = (feature: string, weight: number) => {
      const hash = fnv1a(feature);
      const slot = hash % this.dimension;
      // The sign bit spreads collisions so they cancel on average instead of piling up.
      vector[slot] = (vector[slot] ?? 0) + ((hash >>> 31) === 0 ? weight : -weight);
    };
    const counts = new Map<string, number>();
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
    for (const [word, count] of counts) {
      const weight = 1 + Math.log(count);
      add(`w:${word}`, weight);
      const padded = `^${word}$`;
      for (let i = 0; i + 3 <= padded.length; i += 1) add(`c:${padded.slice(i, i + 3)}`, 0.25 * weight);
    }
    for (let i = 0; i + 1 < words.length; i += 1) add(`b:${words[i]} ${words[i + 1]}`, 0.5);
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

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
