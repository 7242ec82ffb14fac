import { wordTokens, wordsOf } from './index-tokens';

/** A word found in more chunks than this, and in more than this share of all chunks, is "common". */
const COMMON_TERM_MIN_DOCS = 1500;
const COMMON_TERM_SHARE = 0.05;

/** English function words: they match nearly every chunk, cost time in ranking and add no signal. */
const STOPWORDS = new Set(
  'a an and are as at be but by can could did do does for from had has have how i if in into is it its may me my must of on or our should so than that the their then there these they this to was we were what when where which who why will with would you your'.split(
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

/**
 * Words a question is phrased with rather than about ("what does -z do?"): dropped from queries.
 * Stopwords are a subset; both lists are lower case.
 */
const QUESTION_WORDS = new Set(
  'about any could describe did explain find give know list mean means meaning please show tell use used using whom whose'.split(
    ' ',
  ),
);

/** A free-text query as the keyword indexes see it (see `analyzeQuery`). */
export interface KeywordQuery {
  /** Plain tokens (letter/digit runs, lower case) of the content words and of the identifiers' parts. */
  words: string[];
  /** Identifiers named in the query, as whole tokens (`encodeIdentifier`): `--gzip`, `ssh_config`, `-D`. */
  identifiers: string[];
  /** Stopwords and question words, used only when nothing else is left. */
  fallback: string[];
}

/** The query's tokens, normalised exactly as chunks are indexed (`indexTextOf`), question words apart. */
export function analyzeQuery(query: string): KeywordQuery {
  const words = new Set<string>();
  const identifiers = new Set<string>();
  const fallback = new Set<string>();
  for (const word of wordsOf(query)) {
    const { parts, wholes } = wordTokens(word);
    for (const whole of wholes) identifiers.add(whole);
    for (const part of parts) {
      if (wholes.length === 0 && (STOPWORDS.has(part) || QUESTION_WORDS.has(part))) fallback.add(part);
      else words.add(part);
    }
  }
  return { words: [...words], identifiers: [...identifiers], fallback: [...fallback] };
}

/** The plain words of a query that `isTooCommon` may be asked about (identifiers are never dropped). */
export function droppableTerms(query: string): string[] {
  return analyzeQuery(query).words;
}

/**
 * The tokens to match for a query: its identifiers (whole) and content words. Words `isTooCommon`
 * names are dropped; stopwords and question words are used only when the query has nothing else
 * (and never after a common word was dropped: they are commoner still, so the query is left to
 * the vectors — falling back to them made bm25 score every chunk, ~11 ms at 20k chunks).
 */
export function keywordTerms(
  query: string,
  isTooCommon: (term: string) => boolean = () => false,
): { words: string[]; identifiers: string[] } {
  const analyzed = analyzeQuery(query);
  const words = analyzed.words.filter((word) => !isTooCommon(word));
  const droppedCommon = words.length < analyzed.words.length;
  if (words.length === 0 && analyzed.identifiers.length === 0 && !droppedCommon)
    return { words: analyzed.fallback, identifiers: [] };
  return { words, identifiers: analyzed.identifiers };
}

/** An FTS5 MATCH expression from free text (see `keywordTerms`): quoted tokens joined by OR. */
export function toFtsQuery(query: string, isTooCommon?: (term: string) => boolean): string | undefined {
  const { words, identifiers } = keywordTerms(query, isTooCommon);
  const tokens = [...identifiers, ...words];
  return tokens.length > 0 ? tokens.map((token) => `"${token}"`).join(' OR ') : undefined;
}

/**
 * PostgreSQL `to_tsquery` text from free text (see `keywordTerms`): `words` ORs every token,
 * `codes` only the identifiers, which rank above plain word matches. Tokens hold only letters and
 * digits, so quoting them is safe.
 */
export function toTsQuery(
  query: string,
  isTooCommon?: (term: string) => boolean,
): { words: string; codes?: string } | undefined {
  const { words, identifiers } = keywordTerms(query, isTooCommon);
  const tokens = [...identifiers, ...words];
  if (tokens.length === 0) return undefined;
  const quote = (token: string) => `'${token}'`;
  return {
    words: tokens.map(quote).join(' | '),
    ...(identifiers.length > 0 ? { codes: identifiers.map(quote).join(' | ') } : {}),
  };
}
