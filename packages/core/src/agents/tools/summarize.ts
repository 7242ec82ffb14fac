import { z } from 'zod';
import { defineTool, type AgentTool } from './tool';

/** `summarize`: an extractive summary (the most representative sentences, in their original order). */
export function summarizeTool(): AgentTool {
  return defineTool({
    name: 'summarize',
    description: 'Summarize a text by picking its most representative sentences.',
    parameters: z.object({
      text: z.string().min(1).max(200_000),
      maxSentences: z.number().int().min(1).max(20).optional(),
    }),
    execute: async (args) => ({ content: summarizeText(args.text, args.maxSentences ?? 3), sources: [] }),
  });
}

const STOP_WORDS = new Set(
  'a an and are as at be by for from has have in is it its of on or that the this to was were will with'.split(' '),
);

/** Scores sentences by the frequency of their content words and keeps the best, in order. */
export function summarizeText(text: string, maxSentences: number): string {
  const sentences =
    text
      .replace(/\s+/g, ' ')
      .match(/[^.!?]+[.!?]*/g)
      ?.map((sentence) => sentence.trim())
      .filter(Boolean) ?? [];
  if (sentences.length <= maxSentences) return sentences.join(' ');
  const words = (sentence: string) =>
    sentence
      .toLowerCase()
      .match(/[a-z0-9']+/g)
      ?.filter((word) => !STOP_WORDS.has(word)) ?? [];
  const frequency = new Map<string, number>();
  for (const sentence of sentences)
    for (const word of words(sentence)) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const scored = sentences.map((sentence, index) => {
    const content = words(sentence);
    const score =
      content.reduce((sum, word) => sum + (frequency.get(word) ?? 0), 0) / Math.max(1, Math.sqrt(content.length));
    return { index, score };
  });
  const keep = new Set(
    scored
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, maxSentences)
      .map((entry) => entry.index),
  );
  return sentences.filter((_, index) => keep.has(index)).join(' ');
}
