/** Lower-case letter/digit runs: the plain tokenizer of a textbook BM25 (no stopwords, no identifiers). */
function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * A plain Okapi BM25 (k1 1.2, b 0.75) over the same chunks, as the baseline files.search must beat:
 * what a hundred lines of textbook retrieval give, without any of the studio's normalisation.
 */
export class Bm25 {
  private readonly docs: { id: string; counts: Map<string, number>; length: number }[] = [];
  private readonly frequency = new Map<string, number>();
  private averageLength = 0;

  constructor(chunks: { id: string; text: string }[]) {
    for (const chunk of chunks) {
      const counts = new Map<string, number>();
      const words = tokens(chunk.text);
      for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
      for (const word of counts.keys()) this.frequency.set(word, (this.frequency.get(word) ?? 0) + 1);
      this.docs.push({ id: chunk.id, counts, length: words.length });
    }
    this.averageLength = this.docs.reduce((sum, doc) => sum + doc.length, 0) / Math.max(1, this.docs.length);
  }

  /** The ids of the `k` best chunks for the query, best first. */
  search(query: string, k: number): string[] {
    const k1 = 1.2;
    const b = 0.75;
    const total = this.docs.length;
    const terms = [...new Set(tokens(query))];
    const scored = this.docs.map((doc) => {
      let score = 0;
      for (const term of terms) {
        const tf = doc.counts.get(term) ?? 0;
        if (tf === 0) continue;
        const df = this.frequency.get(term) ?? 0;
        const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
        score += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * doc.length) / this.averageLength));
      }
      return { id: doc.id, score };
    });
    return scored
      .filter((entry) => entry.score > 0)
      .sort((x, y) => y.score - x.score)
      .slice(0, k)
      .map((entry) => entry.id);
  }
}
