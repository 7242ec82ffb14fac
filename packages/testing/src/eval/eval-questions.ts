import { POSTGRESQL_ROWS } from './eval-questions-postgresql';
import { PYTHON_AND_CROSS_ROWS } from './eval-questions-python';

/**
 * How a question relates to the text: `lexical` repeats its words, `paraphrase` says the same in
 * other words, `identifier` names a setting, function, option or error code, `cross-document`
 * needs passages of two documents.
 */
export type EvalQuestionKind = 'lexical' | 'paraphrase' | 'identifier' | 'cross-document';

/** A question over the evaluation corpus; every answer string must appear verbatim in a retrieved chunk. */
export interface EvalQuestion {
  id: string;
  kind: EvalQuestionKind;
  question: string;
  /** Exact strings of the documents (compared with white space collapsed); all must be retrieved. */
  answers: string[];
}

/** One question as written: its kind, the question, then its answer strings. */
export type EvalQuestionRow = [kind: EvalQuestionKind, question: string, ...answers: string[]];

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
