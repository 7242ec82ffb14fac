import type { MemoryHit, SearchHit } from '@studio/shared';
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

describe('verbatim quotes (issue 12 repros)', () => {
  const mailingList =
    'Please report bugs to the list.\nTo subscribe, send "subscribe linux-kernel" to majordomo@vger.org. Archives exist.';
  const license = 'This License refers to Version 2.0 of the License. Other versions are not covered.';
  const options = 'Options are order-sensitive, i.e. the last one wins. Later options override.';

  it('quotes e-mail addresses, version numbers and "i.e." exactly as the chunk has them', () => {
    const answer = buildOfflineAnswer({
      question: 'How do I subscribe to the mailing list, which License version, are options order-sensitive?',
      hits: [hit('c1', mailingList, 0.9), hit('c2', license, 0.8), hit('c3', options, 0.7)],
      memories: [],
    });
    const text = answer.blocks.join('');
    expect(text).toContain('To subscribe, send "subscribe linux-kernel" to majordomo@vger.org.”');
    expect(text).toContain('“This License refers to Version 2.0 of the License.”');
    expect(text).toContain('“Options are order-sensitive, i.e. the last one wins.');
    const chunks = new Map([
      ['c1', mailingList],
      ['c2', license],
      ['c3', options],
    ]);
    expect(answer.quotes.length).toBeGreaterThanOrEqual(3);
    for (const quote of answer.quotes) expect(chunks.get(quote.chunkId)).toContain(quote.text);
  });

  it('keeps line breaks inside a quote and cuts a long sentence outside the quote marks', () => {
    const long = `The first line\nwraps here and ${'goes on and on '.repeat(40)}until it ends.`;
    const answer = buildOfflineAnswer({ question: 'first line wraps', hits: [hit('c1', long, 1)], memories: [] });
    expect(answer.quotes).toHaveLength(1);
    expect(long.startsWith(answer.quotes[0]?.text ?? 'x')).toBe(true);
    expect(answer.blocks.join('')).toContain('on”…');
  });

  it("shows the passage that holds the question's words first, with its citation first", () => {
    const answer = buildOfflineAnswer({
      question: 'What are the grep exit status codes?',
      hits: [
        hit('c0', 'grep searches input files for lines containing a match.', 0.9),
        hit(
          'c1',
          'EXIT STATUS. Normally the exit status is 0 if a line is selected, 1 if no lines were selected.',
          0.8,
        ),
      ],
      memories: [],
    });
    expect(answer.citations[0]?.chunkId).toBe('c1');
    expect(answer.blocks[1]).toMatch(/^\[1\] policy.pdf: “EXIT STATUS\. Normally the exit status is 0/);
  });

  it('does not append the profile to an answer it has nothing to do with', () => {
    const answer = buildOfflineAnswer({
      question: 'How are hotels reimbursed?',
      hits: [hit('c1', 'Hotel costs are reimbursed up to 150 euros per night.', 0.9)],
      memories: [memory("The user's name is Dana.")],
    });
    expect(answer.blocks.join('')).not.toContain('Dana');
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

function memory(content: string, type: MemoryHit['type'] = 'profile'): MemoryHit {
  return {
    id: `m-${content.length}`,
    type,
    content,
    metadata: {},
    userId: 'default',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    score: 0.9,
  };
}

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
