import type { SearchHit } from '@studio/shared';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPlainText } from '../files/extraction/extract-text';
import { chunkSegments } from '../files/ingestion/chunking';
import { splitSentences } from '../text/sentences';
import { buildOfflineAnswer } from './offline-answer';
import { contentTerms, overlap } from './terms';

// Real text no one here wrote: Debian's license texts and PostgreSQL's manual (postgresql-doc-15).
const LICENSES = ['GPL-3', 'GPL-2', 'LGPL-2.1', 'Apache-2.0', 'MPL-2.0', 'GFDL-1.3', 'Artistic'];
const MANUAL = '/usr/share/doc/postgresql-doc-15/html';

function corpus(): SearchHit[] {
  const documents = LICENSES.map((name) => ({
    name,
    text: readFileSync(join('/usr/share/common-licenses', name), 'utf8'),
  }));
  const pages = readdirSync(MANUAL)
    .filter((name) => /^(?:sql-|runtime-config-|app-)/.test(name))
    .sort()
    .slice(0, 40);
  for (const name of pages) {
    const html = readFileSync(join(MANUAL, name), 'utf8');
    const text = html
      .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .replace(/&nbsp;|&#160;/g, ' ');
    documents.push({ name, text });
  }
  return documents.flatMap((document) =>
    chunkSegments(extractPlainText(Buffer.from(document.text)).segments, { size: 1000, overlap: 100 }).map(
      (chunk, position) => ({
        chunkId: `${document.name}#${position}`,
        fileId: document.name,
        fileName: document.name,
        text: chunk.text,
        score: 0,
      }),
    ),
  );
}

/** A plain word-overlap search, enough to hand the answer builder several real passages. */
function search(chunks: SearchHit[], question: string): SearchHit[] {
  const terms = contentTerms(question);
  return chunks
    .map((chunk) => ({ ...chunk, score: overlap(chunk.text, terms) / Math.max(1, terms.size) }))
    .filter((chunk) => chunk.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 5);
}

describe('offline answers over real documents', () => {
  it('quote only text that is in the cited chunk, for a question about every chunk', () => {
    const chunks = corpus();
    const byId = new Map(chunks.map((chunk) => [chunk.chunkId, chunk.text]));
    expect(chunks.length).toBeGreaterThan(300);
    let quotes = 0;
    for (const chunk of chunks) {
      // The question: a few words of the chunk's second sentence, as a user might half-remember them.
      const sentence = splitSentences(chunk.text)[1] ?? chunk.text;
      const question = `What does it say about ${sentence.split(/\s+/).slice(2, 9).join(' ')}?`;
      const answer = buildOfflineAnswer({ question, hits: search(chunks, question), memories: [] });
      const rendered = answer.blocks.join('');
      for (const quote of answer.quotes) {
        expect(byId.get(quote.chunkId), `${quote.chunkId} for “${question}”`).toContain(quote.text);
        expect(rendered).toContain(`“${quote.text}”`);
        quotes += 1;
      }
      expect(answer.citations.map((citation) => citation.chunkId)).toEqual([
        ...new Set(answer.quotes.map((quote) => quote.chunkId)),
      ]);
    }
    expect(quotes).toBeGreaterThan(chunks.length);
  });
});
