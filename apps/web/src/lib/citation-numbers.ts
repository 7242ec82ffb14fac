import type { Citation } from '@studio/shared';

/**
 * Which citation each `[n]` of an answer stands for. Citations carry their number; ones saved before
 * they did are matched in order of first mention, the order the server lists them in.
 */
export function citationNumbers(text: string, citations: Citation[]): Map<number, Citation> {
  const byNumber = new Map<number, Citation>();
  if (citations.every((citation) => citation.number !== undefined)) {
    for (const citation of citations) if (citation.number !== undefined) byNumber.set(citation.number, citation);
    return byNumber;
  }
  let next = 0;
  for (const match of text.matchAll(/\[(\d+(?:\s*,\s*\d+)*)\]/g))
    for (const value of (match[1] ?? '').split(',')) {
      const number = Number(value.trim());
      const citation = citations[next];
      if (byNumber.has(number) || !citation) continue;
      byNumber.set(number, citation);
      next += 1;
    }
  return byNumber;
}

/** "report.pdf, page 3": where a citation points. */
export function citationPlace(citation: Citation): string {
  return [citation.fileName, citation.page !== undefined ? `page ${citation.page}` : undefined, citation.section]
    .filter(Boolean)
    .join(', ');
}
