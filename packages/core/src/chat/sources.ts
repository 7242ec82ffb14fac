import type { Citation, SearchHit } from '@studio/shared';

const SNIPPET_CHARS = 280;

/** A retrieved passage with the number the prompt and the answer refer to it by. */
export interface NumberedSource {
  number: number;
  hit: SearchHit;
}

export function numberSources(hits: SearchHit[]): NumberedSource[] {
  return hits.map((hit, index) => ({ number: index + 1, hit }));
}

/** "report.pdf, page 3" — how a source is named to the model and to the reader. */
export function sourceLabel(hit: SearchHit): string {
  const parts = [hit.fileName];
  if (hit.page !== undefined) parts.push(`page ${hit.page}`);
  if (hit.section) parts.push(hit.section);
  return parts.join(', ');
}

export function toCitation(hit: SearchHit, snippet = hit.text, number?: number): Citation {
  return {
    fileId: hit.fileId,
    fileName: hit.fileName,
    chunkId: hit.chunkId,
    ...(hit.page !== undefined ? { page: hit.page } : {}),
    snippet: clip(snippet, SNIPPET_CHARS),
    score: hit.score,
    ...(number !== undefined ? { number } : {}),
    ...(hit.section !== undefined ? { section: hit.section } : {}),
    ...(hit.charStart !== undefined && hit.charEnd !== undefined
      ? { charStart: hit.charStart, charEnd: hit.charEnd }
      : {}),
  };
}

/**
 * The sources an answer cites with `[n]` markers (also `[1, 2]`), in order of first mention;
 * numbers that name no source are ignored rather than invented into citations.
 */
export function citedSources(reply: string, sources: NumberedSource[]): Citation[] {
  const byNumber = new Map(sources.map((source) => [source.number, source]));
  const seen = new Set<number>();
  const citations: Citation[] = [];
  for (const match of reply.matchAll(/\[(\d+(?:\s*,\s*\d+)*)\]/g)) {
    for (const value of (match[1] ?? '').split(',')) {
      const number = Number(value.trim());
      const source = byNumber.get(number);
      if (!source || seen.has(number)) continue;
      seen.add(number);
      citations.push(toCitation(source.hit, source.hit.text, number));
    }
  }
  return citations;
}

/** Collapses whitespace and cuts at a word boundary. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
