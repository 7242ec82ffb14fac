const STOP_WORDS = new Set(
  'a an and are as at be by can do does did for from has have how i in is it its me my mine of on or so that the their them there this to was what when where which who whom why will with you your about into than then am'.split(
    ' ',
  ),
);

/** The words of a question that carry its meaning (no stop words, no pronouns), lower-cased. */
export function contentTerms(text: string): Set<string> {
  return new Set(words(text).filter((word) => word.length > 1 && !STOP_WORDS.has(word)));
}

/** How many of `terms` occur in `text` as whole words. */
export function overlap(text: string, terms: Set<string>): number {
  let score = 0;
  for (const word of new Set(words(text))) if (terms.has(word)) score += 1;
  return score;
}

function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u);
}
