import { POSTGRESQL_ROWS } from './eval-questions-postgresql';
import { PYTHON_AND_CROSS_ROWS } from './eval-questions-python';
import type { EvalQuestion, EvalQuestionRow } from './eval-question';

export type { EvalQuestion, EvalQuestionKind, EvalQuestionRow } from './eval-question';

/**
 * Written by reading the documents (Debian's postgresql-doc-15 and python3.11-doc pages listed in
 * eval-corpus.ts) before any tuning; the answer strings were checked against the extracted text.
 */
const ROWS: EvalQuestionRow[] = [...POSTGRESQL_ROWS, ...PYTHON_AND_CROSS_ROWS];

/** The evaluation questions (ids are stable: kind and position). */
export const evalQuestions: EvalQuestion[] = ROWS.map(([kind, question, ...answers], index) => ({
  id: `${kind}-${index + 1}`,
  kind,
  question,
  answers,
}));
