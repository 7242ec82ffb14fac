/** One run of text on a PDF page as pdf.js reports it. */
export interface PageTextItem {
  str: string;
}

/**
 * Which text items of a page hold the cited passage. pdf.js and the server's extraction split and
 * space text differently, so both sides are compared without whitespace; when the whole passage is
 * not found (a hyphenated line end, a ligature), its first and last words anchor the range.
 */
export function itemsHolding(items: PageTextItem[], passage: string): number[] {
  let joined = '';
  const owner: number[] = [];
  items.forEach((item, index) => {
    for (const character of item.str.replace(/\s+/g, '')) {
      joined += character.toLowerCase();
      owner.push(index);
    }
  });
  const wanted = passage.replace(/\s+/g, '').toLowerCase();
  if (wanted === '' || joined === '') return [];
  let start = joined.indexOf(wanted);
  let end = start + wanted.length - 1;
  if (start < 0) {
    const anchor = Math.min(40, wanted.length);
    start = joined.indexOf(wanted.slice(0, anchor));
    const tail = joined.indexOf(wanted.slice(-anchor), Math.max(0, start));
    if (start < 0 || tail < 0) return [];
    end = tail + anchor - 1;
  }
  const first = owner[start];
  const last = owner[end];
  if (first === undefined || last === undefined) return [];
  return Array.from({ length: last - first + 1 }, (_, offset) => first + offset).filter(
    (index) => (items[index]?.str.trim() ?? '') !== '',
  );
}
