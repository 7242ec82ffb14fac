import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS, testDatabases } from '../../store/test-support/dialects';
import { readPassage } from '../search/passage';
import { createKeywordIndex } from '../search/create-keyword-index';
import { FileStore } from '../storage/file-store';
import { filesMigrations } from '../storage/files-migrations';
import { chunkSegments, splitLargeSegments } from './chunking';
import type { TextSegment } from '../extraction/extracted-document';

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Two pages of ragged text: line breaks mid-sentence, runs of spaces, a repeated sentence. */
const PAGES: TextSegment[] = [
  {
    page: 1,
    text: Array.from(
      { length: 40 },
      (_, index) => `Clause ${index + 1}:  the tenant\nkeeps   the keys.   Rent is due monthly.\n\n`,
    ).join(''),
  },
  { page: 2, text: 'Notice period.\n  Employees must give   thirty days\nof notice before leaving.' },
];

function sourceOf(segments: TextSegment[], page: number | undefined): string {
  return segments
    .filter((segment) => segment.page === page)
    .map((segment) => segment.text)
    .join('\n');
}

describe('chunk character spans', () => {
  it('point at the exact source text of every chunk, overlapping ones included', () => {
    const chunks = chunkSegments(PAGES, { size: 200, overlap: 60 });
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) {
      expect(chunk.charStart).toBeTypeOf('number');
      const source = sourceOf(PAGES, chunk.page);
      expect(collapse(source.slice(chunk.charStart, chunk.charEnd))).toBe(chunk.text);
    }
    // Overlapping neighbours: the next starts inside the previous one.
    const [first, second] = chunks;
    expect(second?.charStart).toBeLessThan(first?.charEnd ?? 0);
  });

  it('stay offsets into the whole page when a long page is chunked in pieces', () => {
    const [page] = PAGES;
    const pieces = splitLargeSegments(PAGES.slice(0, 1), 500);
    expect(pieces.length).toBeGreaterThan(2);
    const chunks = pieces.flatMap((piece) => chunkSegments([piece], { size: 200, overlap: 0 }));
    for (const chunk of chunks)
      expect(collapse((page?.text ?? '').slice(chunk.charStart, chunk.charEnd))).toBe(chunk.text);
  });
});

const databases = testDatabases(filesMigrations, 'chunk_spans');
afterAll(() => databases.closeAll());

describe.each(DIALECTS)('stored chunk spans on %s', (dialect) => {
  it('are kept with the chunks and served with their neighbours on the same page', async () => {
    const db = await databases.open(dialect);
    const store = new FileStore(db);
    const now = new Date().toISOString();
    await store.insertWithJob(
      { id: 'f', name: 'lease.pdf', size: 1, mimeType: 'application/pdf', type: 'pdf', createdAt: now },
      now,
    );
    const keywords = createKeywordIndex(db);
    const chunks = chunkSegments(PAGES, { size: 200, overlap: 60 });
    await keywords.replaceFileChunks('f', chunks);
    const last = chunks.at(-1);
    const cited = chunks.at(-2);
    expect(last?.page).toBe(2);

    const [stored] = await keywords.getChunks([`f:${last?.position}`]);
    expect(stored?.charStart).toBe(last?.charStart);
    expect(collapse(sourceOf(PAGES, 2).slice(stored?.charStart, stored?.charEnd))).toBe(stored?.text);

    const passage = await readPassage(
      keywords,
      async () => (await store.get('f')) ?? Promise.reject(new Error('file f is not stored')),
      {
        chunkId: `f:${cited?.position}`,
      },
    );
    expect(passage.chunk.charEnd).toBe(cited?.charEnd);
    expect(passage.before.map((chunk) => chunk.position)).toEqual([
      (cited?.position ?? 0) - 2,
      (cited?.position ?? 0) - 1,
    ]);
    // The next chunk is on page 2: not part of page 1's surrounding text.
    expect(passage.after).toEqual([]);
  });
});
