import type { TextSegment } from '../extraction/extracted-document';
import { spanLocator } from './chunk-spans';

/** A piece of a file small enough to embed, with the page/slide/sheet and section it came from. */
export interface Chunk {
  position: number;
  text: string;
  page?: number;
  section?: string;
  /** Where the chunk lies in its page's (or section's) text: whitespace-collapsed, that slice is `text`. */
  charStart?: number;
  charEnd?: number;
}

export interface ChunkingOptions {
  /** Target size in characters (config.context.chunk_size). */
  size: number;
  /** Characters of the previous chunk repeated at the start of the next (config.context.chunk_overlap). */
  overlap: number;
}

/**
 * Splits segments into chunks of about `size` characters. A chunk never spans two pages (or
 * slides, sheets, sections), so each keeps one citation; it breaks on sentence ends, and only
 * cuts inside a sentence when one sentence alone is larger than `size`.
 */
export function chunkSegments(segments: TextSegment[], options: ChunkingOptions): Chunk[] {
  const size = Math.max(50, options.size);
  const overlap = Math.min(Math.max(0, options.overlap), Math.floor(size / 2));
  const chunks: Chunk[] = [];
  for (const group of groupByLocation(segments)) {
    const sentences = splitSentences(group.text).flatMap((sentence) => splitLong(sentence, size));
    let current: string[] = [];
    let length = 0;
    const locate = spanLocator(group.text, group.offset);
    const emit = () => {
      const text = current.join(' ').trim();
      if (text)
        chunks.push({ position: chunks.length, text, page: group.page, section: group.section, ...locate(text) });
    };
    for (const sentence of sentences) {
      if (length > 0 && length + 1 + sentence.length > size) {
        emit();
        let carried = tail(current, overlap);
        if (carried.length === 0 && overlap > 0) {
          // The last sentence is longer than the overlap: carry its final words instead.
          const end = current.join(' ').slice(-overlap);
          const words = end.slice(end.indexOf(' ') + 1).trim();
          carried = words ? [words] : [];
        }
        current = carried;
        length = carried.reduce((sum, part) => sum + part.length + 1, 0);
        if (length + sentence.length > size) {
          current = [];
          length = 0;
        }
      }
      current.push(sentence);
      length += sentence.length + 1;
    }
    emit();
  }
  return chunks;
}

interface LocatedText {
  text: string;
  page?: number;
  section?: string;
  /** Where `text` starts in its page's text (a piece of a long page cut by splitLargeSegments). */
  offset?: number;
}

function groupByLocation(segments: TextSegment[]): LocatedText[] {
  const groups: LocatedText[] = [];
  for (const segment of segments) {
    const last = groups[groups.length - 1];
    if (last && last.page === segment.page && last.section === segment.section) last.text += `\n${segment.text}`;
    else groups.push({ text: segment.text, page: segment.page, section: segment.section, offset: segment.offset });
  }
  return groups;
}

/** Sentences and lines; "Dr." style abbreviations may split, which only costs a slightly early break. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?;:])\s+(?=\S)|\n+/u)
    .map((part) => part.replace(/\s+/g, ' ').trim())
    .filter((part) => part !== '');
}

/** Cuts an over-long sentence at word boundaries into pieces of at most `size` characters. */
function splitLong(sentence: string, size: number): string[] {
  if (sentence.length <= size) return [sentence];
  const pieces: string[] = [];
  let rest = sentence;
  while (rest.length > size) {
    let cut = rest.lastIndexOf(' ', size);
    if (cut < size / 2) cut = size;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** The last whole sentences of `parts` that fit in `budget` characters. */
function tail(parts: string[], budget: number): string[] {
  const kept: string[] = [];
  let used = 0;
  for (let index = parts.length - 1; index >= 0; index -= 1) {
    const part = parts[index] ?? '';
    if (used + part.length > budget) break;
    kept.unshift(part);
    used += part.length + 1;
  }
  return kept;
}

/**
 * Cuts segments longer than `limit` characters into consecutive pieces at a paragraph or line break
 * (a sentence end or a space failing that), each keeping its page and section, so a huge plain-text
 * file can be chunked a piece at a time. A chunk never spans two pieces, like two pages.
 */
export function splitLargeSegments(segments: TextSegment[], limit: number): TextSegment[] {
  const pieces: TextSegment[] = [];
  for (const segment of segments) {
    if (segment.text.length <= limit) {
      pieces.push(segment);
      continue;
    }
    const { text } = segment;
    let start = 0;
    while (start < text.length) {
      let end = Math.min(text.length, start + limit);
      if (end < text.length) {
        const floor = start + Math.floor(limit / 2);
        const at = [text.lastIndexOf('\n\n', end), text.lastIndexOf('\n', end), text.lastIndexOf('. ', end)].find(
          (index) => index > floor,
        );
        end = at !== undefined ? at + 1 : Math.max(text.lastIndexOf(' ', end), floor);
      }
      pieces.push({ ...segment, text: text.slice(start, end), offset: (segment.offset ?? 0) + start });
      start = end;
    }
  }
  return pieces;
}
