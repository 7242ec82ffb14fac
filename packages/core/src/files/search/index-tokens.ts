import { normalizeText } from '../../text/normalize';

/**
 * Characters that never belong to an identifier: they separate words like white space does
 * ("json.dumps(obj," → "json.dumps", "obj").
 */
const SEPARATORS = /[\s()[\]{},;"'<>|!?*`]+/u;
/** Inner punctuation that joins the parts of one identifier: ssh_config, v2.0.1, FOO_BAR=1, ZX-4471-Q, pg_hba.conf. */
const JOINED = /[\p{L}\p{N}][-_.=/:@#+][\p{L}\p{N}]/u;
const CAMEL = /\p{Ll}\p{Lu}|\p{Lu}\p{Lu}\p{Ll}/u;
const ENCODED_PREFIX = 'zz';

/** The tokens one word of text contributes: its lower-case parts, and for an identifier one whole token too. */
export interface WordTokens {
  parts: string[];
  /** Identifiers kept whole (encoded as one letter/digit token; see `encodeIdentifier`). */
  wholes: string[];
}

/**
 * An identifier as a single token both keyword indexes keep whole: letters and digits pass, any
 * other character becomes "q" and its hex code (and "q" itself too, so the encoding cannot collide).
 * Options of one dash keep their case ("-D" is not "-d"); everything else is folded to lower case.
 */
export function encodeIdentifier(identifier: string): string {
  const folded = /^-[^-]/u.test(identifier) ? identifier : identifier.toLowerCase();
  let encoded = ENCODED_PREFIX;
  for (const char of folded)
    encoded += /[a-pr-z0-9]/.test(char) ? char : `q${(char.codePointAt(0) ?? 0).toString(16)}q`;
  return encoded;
}

/** Letter/digit runs, and the pieces of camel-case runs ("StrictHostKeyChecking" → strict, host, key, checking). */
function partsOf(word: string): string[] {
  const parts: string[] = [];
  for (const run of word.match(/[\p{L}\p{N}]+/gu) ?? []) {
    parts.push(run.toLowerCase());
    if (CAMEL.test(run))
      for (const piece of run.match(/\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{N}+/gu) ?? [])
        if (piece.length < run.length) parts.push(piece.toLowerCase());
  }
  return parts;
}

/**
 * The tokens of one word: an option (`--delete-after`, `-z`), a psql meta-command (`\gexec`) or a
 * word with inner punctuation or camel case (`ssh_config`, `v2.0.1`, `FOO_BAR=1`, `StrictHostKeyChecking`)
 * is kept whole besides its
 * parts, so it is findable both ways; an option's name without its dashes is kept whole as well,
 * and a dotted name without its last suffix ("pg_hba.conf.html" → "pg_hba.conf").
 */
export function wordTokens(raw: string): WordTokens {
  const word = raw.replace(/^[^\p{L}\p{N}\-\\$%_]+/u, '').replace(/[^\p{L}\p{N}_]+$/u, '');
  const parts = partsOf(word);
  const wholes: string[] = [];
  if (parts.length === 0) return { parts, wholes };
  const option = /^(-{1,2}|\\)[\p{L}\p{N}]/u.test(word);
  if (option || JOINED.test(word) || CAMEL.test(word)) {
    wholes.push(encodeIdentifier(word));
    const bare = word.replace(/^(-{1,2}|\\)/u, '');
    if (option && JOINED.test(bare)) wholes.push(encodeIdentifier(bare));
    // "--jobs=njobs", "FOO_BAR=1": the name before "=" is findable whole too.
    const assigned = bare.indexOf('=');
    if (assigned > 0) wholes.push(encodeIdentifier(word.slice(0, word.length - bare.length + assigned)));
    if (assigned > 0 && option) wholes.push(encodeIdentifier(bare.slice(0, assigned)));
    const lastDot = bare.lastIndexOf('.');
    if (lastDot > 0 && JOINED.test(bare.slice(0, lastDot))) wholes.push(encodeIdentifier(bare.slice(0, lastDot)));
  }
  return { parts, wholes };
}

/** Every word of `text` after `normalizeText`, split at separators. */
export function wordsOf(text: string): string[] {
  return normalizeText(text)
    .split(SEPARATORS)
    .filter((word) => word !== '');
}

/**
 * The text both keyword indexes index for a chunk: the normalised tokens of the document's name,
 * the section heading it sits under and its own text, space-separated letter/digit tokens that
 * FTS5's unicode61 and PostgreSQL's 'simple' parser both keep as they are. The stored text is not this.
 */
export function indexTextOf(chunk: { text: string; section?: string }, fileName?: string): string {
  const tokens: string[] = [];
  for (const source of [fileName, chunk.section, chunk.text]) {
    if (!source) continue;
    for (const word of wordsOf(source)) {
      const { parts, wholes } = wordTokens(word);
      tokens.push(...parts, ...wholes);
    }
  }
  return tokens.join(' ');
}
