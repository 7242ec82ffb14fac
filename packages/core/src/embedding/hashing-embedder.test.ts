import { describe, expect, it } from 'vitest';
import { HashingEmbedder } from './hashing-embedder';

describe('HashingEmbedder', () => {
  const embedder = new HashingEmbedder();

  it('gives the same vector it always gave: stored collections depend on it', () => {
    // A change here needs a new embedder name, so existing collections are re-indexed, not mixed.
    const vector = embedder.embedOne('The Zephyr-9 blender carries a warranty of 42 months from the date of purchase.');
    expect(vector.reduce((sum, value, index) => sum + value * (index + 1), 0)).toBeCloseTo(-53.375242594, 6);
    expect(embedder.name).toBe('studio-hashing-v1-384');
  });

  it('is unit length, and ranks shared words and spelling variants above unrelated text', () => {
    const [query, variant, unrelated] = [
      embedder.embedOne('replacing the filter cartridge'),
      embedder.embedOne('the filter cartridges were replaced'),
      embedder.embedOne('quarterly revenue grew in every region'),
    ];
    const cosine = (a: number[], b: number[]) => a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);
    expect(cosine(query ?? [], query ?? [])).toBeCloseTo(1, 9);
    expect(cosine(query ?? [], variant ?? [])).toBeGreaterThan(cosine(query ?? [], unrelated ?? []) + 0.3);
  });
});
