import { afterAll, describe, expect, it } from 'vitest';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SemanticEmbedder } from './semantic-embedder';

describe('SemanticEmbedder', () => {
  const embedder = new SemanticEmbedder({ threads: 2 });
  afterAll(() => embedder.close());
  const cosine = (a: number[] = [], b: number[] = []) =>
    a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);

  it('embeds offline into unit vectors where a paraphrase is closer than an unrelated sentence', async () => {
    const [query, paraphrase, unrelated] = await embedder.embed([
      'How do I stop the car?',
      'Press the brake pedal to bring the automobile to a halt.',
      'Quarterly revenue grew in every region.',
    ]);
    expect(query).toHaveLength(512);
    expect(cosine(query, query)).toBeCloseTo(1, 5);
    expect(cosine(query, paraphrase)).toBeGreaterThan(cosine(query, unrelated));
  });

  it('keeps the event loop free while it embeds, and its threads stop on close', async () => {
    const texts = Array.from(
      { length: 48 },
      (_, index) => `Chunk ${index}: ${'the quick brown fox jumps over the lazy dog. '.repeat(20)}`,
    );
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const vectors = await embedder.embed(texts);
    delay.disable();
    expect(vectors).toHaveLength(48);
    expect(embedder.threadCount).toBeLessThanOrEqual(2);
    // The model runs in worker threads: the main thread only posts and receives messages.
    expect(delay.max / 1e6).toBeLessThan(500);
    await embedder.close();
    expect(embedder.threadCount).toBe(0);
    await expect(embedder.embed(['after close'])).rejects.toThrow(/closed/);
  });
});
