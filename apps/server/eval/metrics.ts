import { normalizeText } from '@studio/core';
import type { EvalQuestion, EvalQuestionKind } from '@studio/testing';

/** Text as answers are compared: normalised (quotes, dashes) and white space collapsed. */
export function comparable(text: string): string {
  return normalizeText(text).replace(/\s+/g, ' ');
}

/**
 * The 1-based rank at which every answer string of the question has appeared in some chunk of the
 * ranked list, or undefined when that never happens in it.
 */
export function rankFound(question: EvalQuestion, rankedTexts: string[]): number | undefined {
  const wanted = question.answers.map(comparable);
  const missing = new Set(wanted);
  for (let index = 0; index < rankedTexts.length; index += 1) {
    const text = comparable(rankedTexts[index] ?? '');
    for (const answer of [...missing]) if (text.includes(answer)) missing.delete(answer);
    if (missing.size === 0) return index + 1;
  }
  return undefined;
}

export interface Score {
  recallAt5: number;
  mrrAt10: number;
  questions: number;
}

export const KINDS: EvalQuestionKind[] = ['lexical', 'paraphrase', 'identifier', 'cross-document'];

/** Recall@5 and MRR@10 per kind and overall, from each question's rank. */
export function scoreRanks(
  questions: EvalQuestion[],
  ranks: Map<string, number | undefined>,
): Record<EvalQuestionKind | 'overall', Score> {
  const score = (subset: EvalQuestion[]): Score => {
    let found = 0;
    let reciprocal = 0;
    for (const question of subset) {
      const rank = ranks.get(question.id);
      if (rank !== undefined && rank <= 5) found += 1;
      if (rank !== undefined && rank <= 10) reciprocal += 1 / rank;
    }
    const n = Math.max(1, subset.length);
    return { recallAt5: found / n, mrrAt10: reciprocal / n, questions: subset.length };
  };
  const result = { overall: score(questions) } as Record<EvalQuestionKind | 'overall', Score>;
  for (const kind of KINDS) result[kind] = score(questions.filter((question) => question.kind === kind));
  return result;
}
