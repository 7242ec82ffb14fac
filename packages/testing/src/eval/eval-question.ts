/**
 * How a question relates to the text: `lexical` repeats its words, `paraphrase` says the same in
 * other words (it shares no content word with the answer's sentence except the names of the things
 * asked about: programs, modules, formats, operations such as "hash" or "index"), `identifier` names
 * a setting, function, option or error code, `cross-document` needs passages of two documents.
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
