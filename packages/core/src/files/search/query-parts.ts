import { analyzeQuery } from './keyword-query';

/**
 * Where a compound question joins two questions: ", and which …", "; how …", " and what does …".
 * A plain "and" between nouns ("VACUUM and ANALYZE") or a leading clause ("If …, which …") does not split.
 */
const JOINS = /\s*(?:;|,?\s*\band\s+(?=(?:what|which|how|where|when|why|who|does|do|is|are|can)\b))\s*/giu;
/** A part needs this many content words (or one identifier) to be a question of its own. */
const MIN_CONTENT_WORDS = 2;

/**
 * The sub-questions of a compound question ("Which exit code does psql return …, and which SQLSTATE
 * is a deadlock?"), or the question alone. Each part is searched on its own so that one part's
 * document cannot fill every place of the answer list.
 */
export function queryParts(query: string): string[] {
  const parts = query
    .split(JOINS)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length < 2) return [query];
  const substantial = parts.every((part) => {
    const analyzed = analyzeQuery(part);
    return analyzed.identifiers.length > 0 || analyzed.words.length >= MIN_CONTENT_WORDS;
  });
  return substantial ? parts : [query];
}
