/** One sentence of a text, as offsets into it: `text.slice(start, end)` is the sentence verbatim. */
export interface SentenceSpan {
  start: number;
  end: number;
}

// Words whose trailing dot never ends a sentence ("e.g. the", "Dr. Smith", "Fig. 3").
const NEVER_FINAL = new Set(
  'e.g i.e cf vs viz al approx ca dr mr mrs ms prof sr jr st mt fig figs eq vol pp ed eds resp incl esp'.split(' '),
);
// Words whose dot ends a sentence only when a capital follows ("…, etc. The next").
const MAYBE_FINAL = new Set('etc inc ltd co corp'.split(' '));

/**
 * Splits text into sentences without altering it. A sentence ends at `.`, `!` or `?` (with any
 * closing quotes or brackets) followed by white space and a capital, digit or opening quote, or at a
 * blank line. A dot inside a token never ends one, so e-mail addresses, domains, version numbers,
 * decimals, paths and options stay whole; abbreviations and initials ("e.g.", "J. Smith") do too.
 */
export function sentenceSpans(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let start = skipSpace(text, 0);
  const boundary = /([.!?]+["'”’)\]]*)(\s+)|\n[ \t]*\n\s*/g;
  for (const match of text.matchAll(boundary)) {
    const at = match.index;
    if (at < start) continue;
    const punctuation = match[1];
    if (punctuation !== undefined) {
      const next = text.charAt(at + match[0].length);
      if (!endsSentence(text, at, punctuation, next)) continue;
      push(spans, text, start, at + punctuation.length);
    } else {
      push(spans, text, start, at);
    }
    start = at + match[0].length;
  }
  push(spans, text, start, text.length);
  return spans;
}

/** The sentences themselves, verbatim. */
export function splitSentences(text: string): string[] {
  return sentenceSpans(text).map((span) => text.slice(span.start, span.end));
}

function endsSentence(text: string, at: number, punctuation: string, next: string): boolean {
  if (next === '') return true;
  if (!/[\p{Lu}\p{N}"'“‘([]/u.test(next)) return false;
  if (!punctuation.startsWith('.')) return true;
  // The whole token before the dot, so "=no." or "/etc." are not read as the abbreviations "No." or "etc.".
  const token = /(\S*)$/.exec(text.slice(Math.max(0, at - 30), at))?.[1] ?? '';
  const word = token.replace(/^["'“‘([]+/, '');
  if (!/^[\p{L}.]+$/u.test(word)) return true;
  const bare = word.toLowerCase().replace(/^\.+|\.+$/g, '');
  if (NEVER_FINAL.has(bare) || word === 'No' || word === 'Nos') return false;
  // A single capital is an initial ("J. Smith"); dotted letters are an abbreviation ("U.S.").
  if (/^\p{Lu}$/u.test(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word)) return false;
  return !MAYBE_FINAL.has(bare) || /\p{Lu}/u.test(next);
}

function push(spans: SentenceSpan[], text: string, from: number, to: number): void {
  let start = from;
  let end = to;
  while (start < end && /\s/.test(text.charAt(start))) start += 1;
  while (end > start && /\s/.test(text.charAt(end - 1))) end -= 1;
  if (end > start) spans.push({ start, end });
}

function skipSpace(text: string, from: number): number {
  let index = from;
  while (index < text.length && /\s/.test(text.charAt(index))) index += 1;
  return index;
}
