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
  /** Plain tokens (letter/digit runs, lower case) of the content words. */
  words: string[];
  /** Identifiers named in the query, as whole tokens (`encodeIdentifier`): `--gzip`, `ssh_config`, `-D`. */
  identifiers: string[];
  /** Each identifier word's whole tokens and its parts ("ssh", "config"), searched only when no chunk holds it whole. */
  named: { wholes: string[]; parts: string[] }[];
  /** Commands written in capitals ("CREATE INDEX CONCURRENTLY"), as space-separated tokens to match in order. */
  phrases: string[];
  /** Stopwords and question words, used only when nothing else is left. */
  fallback: string[];
}

/** A word written in capitals: "CREATE", "VACUUM", "NOT" (not "I", "A" or "PDF's"). */
const CAPITALS = /^\p{Lu}[\p{Lu}\p{N}_]+$/u;

/**
 * Runs of two or more words in capitals, in a query not written in capitals throughout: SQL and
 * shell commands name one thing with several words ("CREATE INDEX CONCURRENTLY", "VACUUM FULL").
 */
function capitalPhrases(words: string[]): string[] {
  if (words.every((word) => !/\p{Ll}/u.test(word))) return [];
  const phrases: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length >= 2) phrases.push(run.join(' '));
    run = [];
  };
  for (const word of words) {
    const bare = word.replace(/[^\p{L}\p{N}_]+$/u, '');
    if (CAPITALS.test(bare)) run.push(bare.toLowerCase());
    else flush();
    // "CONCURRENTLY. VACUUM": a sentence's end ends the command.
    if (bare !== word) flush();
  }
  flush();
  return phrases;
}

/** The query's tokens, normalised exactly as chunks are indexed (`indexTextOf`), question words apart. */
export function analyzeQuery(query: string): KeywordQuery {
  const words = new Set<string>();
  const identifiers = new Set<string>();
  const named: KeywordQuery['named'] = [];
  const fallback = new Set<string>();
  const queryWords = wordsOf(query);
  for (const word of queryWords) {
    const { parts, wholes } = wordTokens(word);
    for (const whole of wholes) identifiers.add(whole);
    if (wholes.length > 0) named.push({ wholes, parts });
    else
      for (const part of parts) {
        if (STOPWORDS.has(part) || QUESTION_WORDS.has(part)) fallback.add(part);
        else words.add(part);
      }
  }
  return {
    words: [...words],
    identifiers: [...identifiers],
    named,
    phrases: capitalPhrases(queryWords),
    fallback: [...fallback],
  };
}

/** The plain words of a query that `isTooCommon` may be asked about (identifiers are never dropped). */
export function droppableTerms(query: string): string[] {
  const { words, named } = analyzeQuery(query);
  return [...new Set([...words, ...named.flatMap((identifier) => identifier.parts)])];
}

/**
 * The tokens to match for a query: its identifiers (whole), capital phrases and content words. An
 * identifier counts once: its parts are not searched beside it, or "pg_hba.conf" would weigh as four
 * words against the one rare word that tells its chunks apart (whether a chunk holds it is what
 * ranks first). Only an identifier no chunk holds whole (`isIndexed`) is searched by its parts
 * ("2.0.1" finds "v2.0.1"). Words `isTooCommon` names are dropped; stopwords and question words are used only
 * when the query has nothing else (and never after a common word was dropped: they are commoner
 * still, so the query is left to the vectors — falling back to them made bm25 score every chunk,
 * ~11 ms at 20k chunks).
 */
export function keywordTerms(
  query: string,
  isTooCommon: (term: string) => boolean = () => false,
  isIndexed: (whole: string) => boolean = () => false,
): { words: string[]; identifiers: string[]; phrases: string[] } {
  const analyzed = analyzeQuery(query);
  const byParts = analyzed.named.filter((identifier) => !identifier.wholes.some(isIndexed));
  const words = [...new Set([...byParts.flatMap((identifier) => identifier.parts), ...analyzed.words])].filter(
    (word) => !isTooCommon(word),
  );
  const droppedCommon = analyzed.words.some(isTooCommon);
  if (words.length === 0 && analyzed.identifiers.length === 0 && !droppedCommon)
    return { words: analyzed.fallback, identifiers: [], phrases: [] };
  return { words, identifiers: analyzed.identifiers, phrases: analyzed.phrases };
}

/** An FTS5 MATCH expression from free text (see `keywordTerms`): quoted tokens and phrases joined by OR. */
export function toFtsQuery(
  query: string,
  isTooCommon?: (term: string) => boolean,
  isIndexed?: (whole: string) => boolean,
): string | undefined {
  const { words, identifiers, phrases } = keywordTerms(query, isTooCommon, isIndexed);
  const tokens = [...identifiers, ...phrases, ...words];
  return tokens.length > 0 ? tokens.map((token) => `"${token}"`).join(' OR ') : undefined;
}

/**
 * PostgreSQL `to_tsquery` terms from free text (see `keywordTerms`): each identifier, phrase and
 * word as its own tsquery text, and which of them are codes (identifiers and phrases). Tokens hold
 * only letters and digits, so quoting them is safe.
 */
export function toTsTerms(
  query: string,
  isTooCommon?: (term: string) => boolean,
  isIndexed?: (whole: string) => boolean,
): { terms: string[]; codes: string[] } {
  const { words, identifiers, phrases } = keywordTerms(query, isTooCommon, isIndexed);
  const quote = (token: string) => `'${token}'`;
  const codes = [
    ...identifiers.map(quote),
    ...phrases.map((phrase) => `(${phrase.split(' ').map(quote).join(' <-> ')})`),
  ];
  return { terms: [...codes, ...words.map(quote)], codes };
}

/** `toTsTerms` as two tsquery texts: `words` ORs every term, `codes` only the identifiers and phrases. */
export function toTsQuery(
  query: string,
  isTooCommon?: (term: string) => boolean,
  isIndexed?: (whole: string) => boolean,
): { words: string; codes?: string } | undefined {
  const { terms, codes } = toTsTerms(query, isTooCommon, isIndexed);
  if (terms.length === 0) return undefined;
  return { words: terms.join(' | '), ...(codes.length > 0 ? { codes: codes.join(' | ') } : {}) };
}
