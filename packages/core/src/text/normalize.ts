/** Dashes and minus signs that readers type as "-": hyphen, non-breaking hyphen, figure/en/em dash, minus, etc. */
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\uFE58\uFE63\uFF0D]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u2035\u02BC]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u2036\u00AB\u00BB]/g;
/**
 * Soft hyphen, zero-width space/joiners, word joiner and BOM: invisible, but they split words. The
 * zero-width joiner stands outside the class: inside one it reads as joining its neighbours.
 */
const INVISIBLE = /[\u00AD\u200B\u200C\u2060\uFEFF]|\u200D/g;
/** A word broken at a line end by a hyphen ("config-\nuration"); a dash before an option ("-\n--x") is not. */
const LINE_END_HYPHENATION = /(\p{Ll})-[ \t]*\r?\n[ \t]*(\p{Ll})/gu;

/**
 * The one normalisation every index and every query goes through, so that what a PDF prints and
 * what a user types compare equal: NFKC (which also opens ligatures such as "ﬁ"), typographic
 * dashes and the minus sign to "-", curly quotes to ASCII, soft hyphens and zero-width characters
 * removed, words hyphenated at a line end rejoined. Line breaks are otherwise kept.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(DASHES, '-')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(LINE_END_HYPHENATION, '$1$2');
}
