import { describe, expect, it } from 'vitest';
import { sentenceSpans, splitSentences } from './sentences';

describe('sentence splitting', () => {
  it('keeps e-mail addresses, version numbers and abbreviations whole (the issue 12 repros)', () => {
    const text =
      'To unsubscribe, send a line saying "unsubscribe" to majordomo@vger.org. ' +
      'This License refers to Version 2.0 of the GNU General Public License. ' +
      'Options are order-sensitive, i.e. the last one wins. Nothing else matters.';
    expect(splitSentences(text)).toEqual([
      'To unsubscribe, send a line saying "unsubscribe" to majordomo@vger.org.',
      'This License refers to Version 2.0 of the GNU General Public License.',
      'Options are order-sensitive, i.e. the last one wins.',
      'Nothing else matters.',
    ]);
  });

  it('survives decimals, domains, paths, options, e.g./etc. and initials', () => {
    const text =
      'Set the ratio to 0.75 on www.postgresql.org hosts. ' +
      'Edit /etc/ssh/ssh_config or pass -o StrictHostKeyChecking=no. ' +
      'Use tools, e.g. tar, gzip, etc. and then run ./configure --prefix=/usr/local. ' +
      'Written by J. Smith in the U.S. in 2001. Done!';
    expect(splitSentences(text)).toEqual([
      'Set the ratio to 0.75 on www.postgresql.org hosts.',
      'Edit /etc/ssh/ssh_config or pass -o StrictHostKeyChecking=no.',
      'Use tools, e.g. tar, gzip, etc. and then run ./configure --prefix=/usr/local.',
      'Written by J. Smith in the U.S. in 2001.',
      'Done!',
    ]);
  });

  it('returns spans that are the text verbatim, across hard-wrapped lines and paragraph breaks', () => {
    const text = '  A heading\n\nThe first sentence runs\nover two lines. "Quoted?" she asked.\n';
    const spans = sentenceSpans(text);
    expect(spans.map((span) => text.slice(span.start, span.end))).toEqual([
      'A heading',
      'The first sentence runs\nover two lines.',
      '"Quoted?" she asked.',
    ]);
  });
});
