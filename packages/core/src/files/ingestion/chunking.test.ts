import { describe, expect, it } from 'vitest';
import { chunkSegments, splitLargeSegments, splitSentences } from './chunking';

const sentence = (index: number) => `Sentence number ${index} says something short.`;

describe('chunkSegments', () => {
  it('keeps chunks within the size, breaking on sentence ends', () => {
    const text = Array.from({ length: 40 }, (_, index) => sentence(index)).join(' ');
    const chunks = chunkSegments([{ text }], { size: 200, overlap: 0 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(200);
      expect(chunk.text).toMatch(/^Sentence number \d+/);
      expect(chunk.text).toMatch(/short\.$/);
    }
    expect(chunks.map((chunk) => chunk.position)).toEqual(chunks.map((_, index) => index));
  });

  it('repeats the end of the previous chunk as overlap', () => {
    const text = Array.from({ length: 20 }, (_, index) => sentence(index)).join(' ');
    const chunks = chunkSegments([{ text }], { size: 200, overlap: 60 });
    const [first, second] = chunks;
    const lastSentenceOfFirst = splitSentences(first?.text ?? '').pop() ?? '';
    expect(second?.text.startsWith(lastSentenceOfFirst)).toBe(true);
  });

  it('never lets a chunk span two pages and keeps page and section on each', () => {
    const chunks = chunkSegments(
      [
        { text: 'Alpha on page one.', page: 1, section: 'Intro' },
        { text: 'More alpha on page one.', page: 1, section: 'Intro' },
        { text: 'Beta on page two.', page: 2, section: 'Intro' },
      ],
      { size: 1000, overlap: 100 },
    );
    expect(chunks).toEqual([
      // Spans are offsets in each page's text (its segments joined by line breaks).
      {
        position: 0,
        text: 'Alpha on page one. More alpha on page one.',
        page: 1,
        section: 'Intro',
        charStart: 0,
        charEnd: 42,
      },
      { position: 1, text: 'Beta on page two.', page: 2, section: 'Intro', charStart: 0, charEnd: 17 },
    ]);
  });

  it('cuts a sentence longer than the chunk size at word boundaries', () => {
    const text = Array.from({ length: 300 }, (_, index) => `word${index}`).join(' ');
    const chunks = chunkSegments([{ text }], { size: 120, overlap: 20 });
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(140);
    const words = new Set(chunks.flatMap((chunk) => chunk.text.split(' ')));
    expect(words.has('word0')).toBe(true);
    expect(words.has('word299')).toBe(true);
    expect([...words].every((word) => /^word\d+$/.test(word))).toBe(true);
  });
});

describe('splitLargeSegments', () => {
  it('cuts only over-long segments, at line breaks, keeping every character, page and section', () => {
    const long = Array.from({ length: 300 }, (_, line) => `Line ${line} of the long section.`).join('\n');
    const segments = [
      { text: 'short', page: 1 },
      { text: long, page: 2, section: 'Long' },
    ];
    const pieces = splitLargeSegments(segments, 1000);
    expect(pieces[0]).toEqual({ text: 'short', page: 1 });
    expect(pieces.length).toBeGreaterThan(8);
    expect(
      pieces
        .slice(1)
        .map((piece) => piece.text)
        .join(''),
    ).toBe(long);
    for (const piece of pieces.slice(1)) {
      expect(piece).toMatchObject({ page: 2, section: 'Long' });
      expect(piece.text.length).toBeLessThanOrEqual(1000);
      expect(piece.text.endsWith('\n') || piece === pieces[pieces.length - 1]).toBe(true);
    }
  });
});
