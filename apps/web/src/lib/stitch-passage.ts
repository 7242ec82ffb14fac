import type { FilePassageOutput, PassageChunk } from '@studio/shared';

/** Text before, the cited chunk, and text after, with the overlap neighbouring chunks repeat removed. */
export interface StitchedPassage {
  before: string;
  cited: string;
  after: string;
}

/** How many characters the end of `left` repeats at the start of `right` (chunks overlap a little). */
function overlap(left: PassageChunk, right: PassageChunk): number {
  // Spans say for sure when two chunks do not overlap.
  if (left.charEnd !== undefined && right.charStart !== undefined && right.charStart >= left.charEnd) return 0;
  const max = Math.min(left.text.length, right.text.length, 4000);
  for (let length = max; length > 0; length -= 1) if (left.text.endsWith(right.text.slice(0, length))) return length;
  return 0;
}

/** A cited chunk in its surrounding text: the cited chunk is kept whole, its neighbours trimmed. */
export function stitchPassage(passage: FilePassageOutput): StitchedPassage {
  const parts = [...passage.before, passage.chunk, ...passage.after];
  const texts = parts.map((part) => part.text);
  const cited = passage.before.length;
  for (let index = 0; index + 1 < parts.length; index += 1) {
    const left = parts[index];
    const right = parts[index + 1];
    if (!left || !right) continue;
    const repeated = overlap(left, right);
    if (repeated === 0) continue;
    if (index + 1 === cited) texts[index] = (texts[index] ?? '').slice(0, -repeated);
    else texts[index + 1] = (texts[index + 1] ?? '').slice(repeated);
  }
  return {
    before: texts.slice(0, cited).join(' ').trim(),
    cited: texts[cited] ?? '',
    after: texts
      .slice(cited + 1)
      .join(' ')
      .trim(),
  };
}

/** "Page 3", "Slide 2", "Sheet Totals", or the section: where a passage is, in the file's own terms. */
export function placeLabel(mimeType: string, chunk: Pick<PassageChunk, 'page' | 'section'>): string | undefined {
  const { page, section } = chunk;
  if (mimeType.includes('presentation') && page !== undefined) return `Slide ${page}`;
  if (mimeType.includes('spreadsheet') || mimeType.includes('ms-excel'))
    return section ? `Sheet “${section}”` : page !== undefined ? `Sheet ${page}` : undefined;
  const parts = [page !== undefined ? `Page ${page}` : undefined, section].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
