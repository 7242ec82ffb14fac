/** The parts of a Mem0 search score (`explain: true`). */
export interface ScoreDetails {
  semanticScore?: number;
  bm25Score?: number;
  entityBoost?: number;
  maxPossibleScore?: number;
}

/*
 * Mem0's `chroma` provider scores a hit 1 / (1 + distance). In a cosine collection the distance is
 * 1 - cosine, so cosine = 2 - 1 / score. The studio's thresholds (similarity_threshold, near-duplicates)
 * are cosine similarities, as Mem0's SQLite store reports them: both directions are converted here.
 */

/** Mem0's score for a cosine similarity: what a cosine threshold becomes for the chroma provider. */
export function chromaThreshold(cosine: number): number {
  return 1 / (2 - Math.min(cosine, 1));
}

/** The cosine similarity behind a chroma-provider score. */
export function cosineFromChromaScore(score: number): number {
  return score > 0 ? 2 - 1 / score : -1;
}

/** Similarity and ranking score of a hit, on the scale Mem0's SQLite store uses (cosine plus its boosts). */
export function rescoreChromaHit(
  details: ScoreDetails | undefined,
  fallback: number,
): { score: number; similarity: number } {
  const similarity = cosineFromChromaScore(details?.semanticScore ?? fallback);
  const boosts = (details?.bm25Score ?? 0) + (details?.entityBoost ?? 0);
  const score = Math.min((similarity + boosts) / (details?.maxPossibleScore ?? 1), 1);
  return { score, similarity };
}
