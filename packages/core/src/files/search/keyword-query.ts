/** A word found in more chunks than this, and in more than this share of all chunks, is "common". */
const COMMON_TERM_MIN_DOCS = 1500;
const COMMON_TERM_SHARE = 0.05;

/** English function words: they match nearly every chunk, cost time in ranking and add no signal. */
const STOPWORDS = new Set(
  'a an and are as at be but by can do does for from had has have how i if in into is it its may must of on or our should so than that the their then there these they this to was we were what when where which who why will with would you your'.split(
    ' ',
  ),
);

/**
 * Whether a word in `docs` of `total` chunks is so common that ranking would spend milliseconds on
 * thousands of rows for a term with almost no weight: such words are left to the vector side.
 */
export function isCommonTerm(docs: number, total: number): boolean {
  return total >= COMMON_TERM_MIN_DOCS && docs > Math.max(COMMON_TERM_MIN_DOCS, total * COMMON_TERM_SHARE);
}

/** Whether an index of `total` chunks is large enough for `isCommonTerm` to ever be true. */
export function mayHaveCommonTerms(total: number): boolean {
  return total >= COMMON_TERM_MIN_DOCS;
}

/** Lower-case letter/digit runs of a word, as both keyword indexes tokenize text. */
function tokensOf(word: string): string[] {
  return word.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The words of a query that `isTooCommon` may be asked about: single content words, and with
 * `codeParts` the parts of codes too (see `keywordTerms`).
 */
export function droppableTerms(query: string, options: { codeParts?: boolean } = {}): string[] {
  const terms = new Set<string>();
  for (const word of query.split(/\s+/)) {
    const tokens = tokensOf(word);
    const [token] = tokens;
    if (tokens.length === 1 && token !== undefined && !STOPWORDS.has(token)) terms.add(token);
    if (tokens.length > 1 && options.codeParts) for (const part of tokens) terms.add(part);
  }
  return [...terms];
}

/**
 * The terms of a keyword query from free text: every content word, and each word that the
 * tokenizer splits (codes like "ZX-4471-Q", "v2.3.1") also as a phrase of its parts, so it matches
 * exactly. Each term is its list of tokens (one token: a word; several: a phrase). Stopwords are
 * dropped unless the query has nothing else; words `isTooCommon` names are dropped (and then never
 * replaced by stopwords). With `codeParts`, a common part of a code ("ref" of "REF-1234") is
 * dropped too, while the code's phrase stays: it still matches exactly, and the index no longer
 * ranks every chunk that holds the part.
 */
export function keywordTerms(
  query: string,
  isTooCommon: (term: string) => boolean = () => false,
  options: { codeParts?: boolean } = {},
): string[][] {
  const terms = new Map<string, string[]>();
  const fallback = new Map<string, string[]>();
  let droppedCommon = false;
  for (const word of query.split(/\s+/)) {
    const tokens = tokensOf(word);
    for (const token of tokens) {
      if (tokens.length === 1 && STOPWORDS.has(token)) fallback.set(token, [token]);
      else if (tokens.length > 1) {
        if (!options.codeParts || !isTooCommon(token)) terms.set(token, [token]);
      } else if (!isTooCommon(token)) terms.set(token, [token]);
      else droppedCommon = true;
    }
    if (tokens.length > 1) terms.set(tokens.join(' '), tokens);
  }
  // Content words all too common: stopwords are commoner still, so leave the query to the vectors
  // (falling back to them made bm25 score every chunk, ~11 ms at 20k chunks).
  const chosen = terms.size > 0 ? terms : droppedCommon ? new Map<string, string[]>() : fallback;
  return [...chosen.values()];
}

/** An FTS5 MATCH expression from free text (see `keywordTerms`): quoted terms and phrases joined by OR. */
export function toFtsQuery(query: string, isTooCommon?: (term: string) => boolean): string | undefined {
  const terms = keywordTerms(query, isTooCommon);
  return terms.length > 0 ? terms.map((tokens) => `"${tokens.join(' ')}"`).join(' OR ') : undefined;
}

/**
 * PostgreSQL `to_tsquery` text from free text (see `keywordTerms`): `words` ORs every term and
 * phrase (`'zx' <-> '4471' <-> 'q'`), `codes` only the phrases, which rank above plain word matches.
 * Tokens hold only letters and digits, so quoting them is safe.
 */
export function toTsQuery(
  query: string,
  isTooCommon?: (term: string) => boolean,
  options: { codeParts?: boolean } = {},
): { words: string; codes?: string } | undefined {
  const terms = keywordTerms(query, isTooCommon, options);
  if (terms.length === 0) return undefined;
  const phrase = (tokens: string[]) => tokens.map((token) => `'${token}'`).join(' <-> ');
  const codes = terms.filter((tokens) => tokens.length > 1).map((tokens) => `(${phrase(tokens)})`);
  return {
    words: terms.map((tokens) => (tokens.length > 1 ? `(${phrase(tokens)})` : phrase(tokens))).join(' | '),
    ...(codes.length > 0 ? { codes: codes.join(' | ') } : {}),
  };
}
