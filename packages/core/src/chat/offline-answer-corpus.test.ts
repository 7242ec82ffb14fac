import { buildEvalCorpus, evalQuestions } from '@studio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Studio } from '../studio';
import { openOfflineStudio } from './test-support/offline-studio';
import { buildOfflineAnswer } from './offline-answer';

// The evaluation corpus: Debian's PostgreSQL and Python documentation as HTML, PDF, DOCX and text,
// uploaded through the real ingestion path; the passages come from the real search.
let studio: Studio;
let dispose: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ studio, dispose } = await openOfflineStudio('quotes'));
  for (const document of buildEvalCorpus()) {
    // PostgreSQL's XHTML pages may be refused as application/xml until the files domain reads them.
    await studio.files.upload({ name: document.name, source: { bytes: document.bytes } }).catch(() => undefined);
  }
  await studio.files.whenIdle();
  expect((await studio.files.list({ status: 'completed' })).items.length).toBeGreaterThanOrEqual(8);
}, 180_000);

afterAll(async () => {
  await dispose?.();
});

describe('offline answers over the evaluation corpus', () => {
  it('quote only text that is in the cited chunk, best passage first, for every question', async () => {
    let quotes = 0;
    for (const question of evalQuestions) {
      const hits = await studio.files.search({ query: question.question, k: 5 });
      const byId = new Map(hits.map((hit) => [hit.chunkId, hit.text]));
      const answer = buildOfflineAnswer({ question: question.question, hits, memories: [] });
      const rendered = answer.blocks.join('');
      for (const quote of answer.quotes) {
        expect(byId.get(quote.chunkId), `${question.id}: ${question.question}`).toContain(quote.text);
        expect(rendered).toContain(`“${quote.text}”`);
        quotes += 1;
      }
      // Numbered in the order shown: citation [n] is the n-th quoted passage.
      expect(answer.citations.map((citation) => citation.chunkId)).toEqual([
        ...new Set(answer.quotes.map((quote) => quote.chunkId)),
      ]);
    }
    expect(quotes).toBeGreaterThan(evalQuestions.length);
  }, 120_000);

  it('streams the same verbatim quotes through chat.send', async () => {
    const question = evalQuestions[0]?.question ?? '';
    const { reply, citations } = await studio.chat.send({ message: question });
    expect(citations.length).toBeGreaterThan(0);
    const hits = await studio.files.search({ query: question, k: 10 });
    const first = citations[0];
    const chunk = hits.find((hit) => hit.chunkId === first?.chunkId)?.text ?? '';
    const quoted = /\[1\] [^\n]*?: “([\s\S]*?)”/.exec(reply)?.[1] ?? '';
    expect(quoted.length).toBeGreaterThan(10);
    expect(chunk).toContain(quoted);
  }, 60_000);
});
