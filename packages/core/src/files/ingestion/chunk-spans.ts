/** Where a chunk's text lies in the page (or section) text it came from: [charStart, charEnd). */
export interface CharSpan {
  charStart: number;
  charEnd: number;
}

/**
 * Finds chunks in the text they were cut from. Chunking collapses whitespace, so the search runs over
 * the source with whitespace collapsed the same way and maps each match back to source offsets.
 * Chunks arrive in reading order (overlapping ones start no earlier than the one before), so each
 * search starts where the previous match did. A chunk not found (a word cut in two) has no span.
 */
export function spanLocator(source: string, base = 0): (text: string) => CharSpan | undefined {
  let normalized = '';
  const origin: number[] = [];
  for (const word of source.matchAll(/\S+/gu)) {
    if (normalized !== '') {
      normalized += ' ';
      origin.push(word.index - 1);
    }
    normalized += word[0];
    for (let index = 0; index < word[0].length; index += 1) origin.push(word.index + index);
  }
  let cursor = 0;
  return (text) => {
    const at = normalized.indexOf(text, cursor);
    const last = origin[at + text.length - 1];
    const first = origin[at];
    if (at < 0 || text === '' || first === undefined || last === undefined) return undefined;
    cursor = at;
    return { charStart: base + first, charEnd: base + last + 1 };
  };
}
