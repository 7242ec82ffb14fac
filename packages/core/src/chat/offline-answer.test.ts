import type { SearchHit } from '@studio/shared';
import { describe, expect, it } from 'vitest';
import { buildOfflineAnswer } from './offline-answer';
import { sessionTitle } from './session-title';
import { citedSources, numberSources } from './sources';

const hit = (chunkId: string, text: string, score: number, page?: number): SearchHit => ({
  chunkId,
  fileId: 'f1',
  fileName: 'policy.pdf',
  text,
  score,
  ...(page !== undefined ? { page } : {}),
});

describe('offline answer', () => {
  it('quotes the sentences that answer the question and leaves out passages that share no words with it', () => {
    const answer = buildOfflineAnswer({
      question: 'How much is reimbursed for hotels in Berlin?',
      hits: [
        hit('c0', 'Acme travel policy. Economy class is required.', 1, 1),
        hit(
          'c1',
          'Expenses. Hotel costs are reimbursed up to 150 euros per night in Berlin. Receipts within 30 days.',
          0.98,
          2,
        ),
      ],
      memories: [],
    });
    const text = answer.blocks.join('');
    expect(text).toContain('No language model is configured');
    expect(text).toContain('[1] policy.pdf, page 2: “Hotel costs are reimbursed up to 150 euros per night in Berlin.”');
    expect(text).not.toContain('Economy class');
    expect(answer.citations).toEqual([expect.objectContaining({ chunkId: 'c1', page: 2 })]);
  });
});

describe('offline answers from memory', () => {
  it('answers from memory without quoting a file that shares no word with the question', () => {
    const answer = buildOfflineAnswer({
      question: 'What is my name?',
      hits: [hit('c0', 'Acme travel policy. Economy class is required.', 1, 1)],
      memories: [
        {
          id: 'm1',
          type: 'profile',
          content: "The user's name is Grace Hopper.",
          metadata: {},
          userId: 'default',
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
          score: 0.9,
        },
      ],
    });
    const text = answer.blocks.join('');
    expect(text).toContain("The user's name is Grace Hopper.");
    expect(text).not.toContain('Economy class');
    expect(answer.citations).toEqual([]);
  });
});

describe('citations from [n] markers', () => {
  it('maps each cited number to its chunk once, in order of mention, ignoring numbers with no source', () => {
    const sources = numberSources([hit('a', 'alpha', 0.9), hit('b', 'beta', 0.8), hit('c', 'gamma', 0.7)]);
    const citations = citedSources('Gamma [3], alpha [1, 3] and nonsense [7].', sources);
    expect(citations.map((citation) => citation.chunkId)).toEqual(['c', 'a']);
  });
});

describe('session titles', () => {
  it('keeps short first lines and shortens long ones at a word boundary', () => {
    expect(sessionTitle('  Budget question\nwith details')).toBe('Budget question');
    const title = sessionTitle(
      'Please summarise every contract we signed with suppliers in the last three fiscal years',
    );
    expect(title.endsWith('…')).toBe(true);
    expect(title.length).toBeLessThanOrEqual(61);
  });
});
