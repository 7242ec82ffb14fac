import { z } from 'zod';
import { sentenceSpans } from '../../text/sentences';
import { defineTool, type AgentTool } from './tool';
import type { ChunkReader } from './tool-ports';

/**
 * `summarize`: an extractive summary — the document's most central sentences, in document order.
 * Given a `fileId` (and a chunk reader) it summarises the whole file, not only the passages a search found.
 */
export function summarizeTool(chunks?: ChunkReader): AgentTool {
  return defineTool({
    name: 'summarize',
    description:
      'Summarize a text, or a whole file by its fileId (preferred when both are given), by picking its most central sentences in their order.',
    parameters: z
      .object({
        text: z.string().min(1).max(200_000).optional(),
        fileId: z.string().min(1).max(300).optional().describe('summarize this whole file instead of text'),
        maxSentences: z.number().int().min(1).max(20).optional(),
        asList: z.boolean().optional().describe('one sentence per line, as key points'),
      })
      .refine((args) => args.text !== undefined || args.fileId !== undefined, 'give text or fileId'),
    execute: async (args, context) => {
      const count = args.maxSentences ?? 3;
      const render = (text: string) => {
        const sentences = centralSentences(text, count);
        return args.asList ? sentences.map((sentence) => `- ${sentence}`).join('\n') : sentences.join(' ');
      };
      if (args.fileId === undefined || !chunks?.readDocument) {
        if (args.text === undefined) throw new Error('this studio cannot read whole files: give the text');
        return { content: render(args.text), sources: [] };
      }
      const document = await chunks.readDocument(args.fileId, context.signal);
      if (document.length === 0) throw new Error(`no file with id ${args.fileId}`);
      const first = document[0];
      return {
        content: render(document.map((chunk) => chunk.text).join('\n\n')),
        sources: first
          ? [{ fileId: first.fileId, fileName: first.fileName, chunkId: first.chunkId, snippet: '', score: 1 }]
          : [],
      };
    },
  });
}

const STOP_WORDS = new Set(
  'a an and are as at be by for from has have in is it its of on or that the this to was were will with not no any all may such which who you your these those than then there their them they can shall must if any other under'.split(
    ' ',
  ),
);
/** Sentences scored at most (a whole manual is summarised from its first this-many). */
const MAX_SENTENCES_SCORED = 1500;

/**
 * The `maxSentences` most central sentences of a text (LexRank-style: the summed TF-IDF cosine
 * similarity of a sentence to every other), in document order, white space collapsed. Headings,
 * list fragments and very short or very long sentences are passed over.
 */
export function summarizeText(text: string, maxSentences: number): string {
  return centralSentences(text, maxSentences).join(' ');
}

/** The sentences `summarizeText` keeps, one per entry. */
export function centralSentences(text: string, maxSentences: number): string[] {
  const sentences = sentenceSpans(text)
    .map((span) => text.slice(span.start, span.end).replace(/\s+/g, ' '))
    .slice(0, MAX_SENTENCES_SCORED);
  return centralIndices(sentences, maxSentences).map((index) => sentences[index] ?? '');
}

/**
 * The positions of the `maxSentences` most central of `sentences`, ascending (LexRank-style: the
 * summed TF-IDF cosine similarity of a sentence to every other). Headings, list fragments and very
 * short or very long sentences are passed over while enough others remain.
 */
export function centralIndices(sentences: string[], maxSentences: number): number[] {
  const candidates = sentences.map((sentence, index) => ({ sentence, index, words: contentWords(sentence) }));
  const usable = candidates.filter(({ sentence, words }) => readable(sentence, words.length));
  const pool = usable.length >= maxSentences ? usable : candidates.filter((candidate) => candidate.words.length > 0);
  if (pool.length <= maxSentences) return pool.map((candidate) => candidate.index);

  const documentFrequency = new Map<string, number>();
  for (const { words } of pool)
    for (const word of new Set(words)) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  const vectors = pool.map(({ words }) => weigh(words, documentFrequency, pool.length));
  const centrality = vectors.map((vector, index) => {
    let sum = 0;
    vectors.forEach((other, otherIndex) => {
      if (otherIndex !== index) sum += cosine(vector, other);
    });
    return sum;
  });
  return pool
    .map((candidate, index) => ({ index: candidate.index, score: centrality[index] ?? 0 }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, maxSentences)
    .map((entry) => entry.index)
    .sort((a, b) => a - b);
}

function contentWords(sentence: string): string[] {
  return (sentence.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'_-]*/gu) ?? []).filter(
    (word) => word.length > 2 && !STOP_WORDS.has(word),
  );
}

/** A sentence a reader would accept in a summary: a real sentence of moderate length. */
function readable(sentence: string, contentWordCount: number): boolean {
  const words = sentence.split(' ').length;
  return (
    words >= 8 && words <= 70 && contentWordCount >= 4 && /[.!?]["'”’)]*$/.test(sentence) && /\p{Ll}/u.test(sentence)
  );
}

function weigh(words: string[], documentFrequency: Map<string, number>, total: number): Map<string, number> {
  const vector = new Map<string, number>();
  for (const word of words) vector.set(word, (vector.get(word) ?? 0) + 1);
  let norm = 0;
  for (const [word, count] of vector) {
    const weight = count * Math.log(1 + total / (documentFrequency.get(word) ?? 1));
    vector.set(word, weight);
    norm += weight * weight;
  }
  const length = Math.sqrt(norm) || 1;
  for (const [word, weight] of vector) vector.set(word, weight / length);
  return vector;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [word, weight] of small) dot += weight * (large.get(word) ?? 0);
  return dot;
}
