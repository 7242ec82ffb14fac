import type { Citation, MemoryHit, SearchHit } from '@studio/shared';
import { clip, sourceLabel, toCitation } from './sources';

const MAX_PASSAGES = 4;
const MAX_MEMORIES = 3;
const PASSAGE_CHARS = 400;

/** An answer assembled without a language model: blocks of text to stream, and what they cite. */
export interface OfflineAnswer {
  blocks: string[];
  citations: Citation[];
}

/**
 * The offline answer: says plainly that no language model is configured, then quotes the most
 * relevant sentences of the best passages (each numbered and named by file and page) and memories.
 */
export function buildOfflineAnswer(input: {
  question: string;
  hits: SearchHit[];
  memories: MemoryHit[];
}): OfflineAnswer {
  const terms = queryTerms(input.question);
  const memories = input.memories.slice(0, MAX_MEMORIES);
  const memoriesAnswer = memories.some((memory) => overlap(memory.content, terms) > 0);
  const passages = selectPassages(input.hits, terms, memoriesAnswer);
  const blocks: string[] = [];
  const citations: Citation[] = [];
  if (passages.length === 0 && memories.length === 0) {
    blocks.push(
      'No language model is configured, so I can only answer from your files and memories — ' +
        `and nothing in them matches “${clip(input.question, 80)}”. ` +
        'Upload a document that covers it, or set LLM_BASE_URL (and LLM_MODEL) to get written answers.',
    );
    return { blocks, citations };
  }
  blocks.push(
    'No language model is configured, so here is what your ' +
      (passages.length > 0 ? 'files' : 'memories') +
      ` say about “${clip(input.question, 80)}” (quoted, not summarised):\n\n`,
  );
  passages.forEach(({ hit, excerpt }, index) => {
    blocks.push(`[${index + 1}] ${sourceLabel(hit)}: “${excerpt}”\n\n`);
    citations.push(toCitation(hit, excerpt));
  });
  if (memories.length > 0) {
    blocks.push(`From memory:\n${memories.map((memory) => `- ${clip(memory.content, 200)}`).join('\n')}\n\n`);
  }
  blocks.push('Set LLM_BASE_URL (and LLM_MODEL) for answers written from these sources.');
  return { blocks, citations };
}

/**
 * The passages worth quoting: those sharing words with the question. Search may rank a passage by
 * meaning alone, so when none does, the best two by score stand in — unless memories already speak
 * to the question ("what is my name?"), where an unrelated file quote would only mislead.
 */
function selectPassages(
  hits: SearchHit[],
  terms: Set<string>,
  memoriesAnswer: boolean,
): { hit: SearchHit; excerpt: string }[] {
  const candidates = distinctPassages(hits).map((hit) => ({
    hit,
    excerpt: bestExcerpt(hit.text, terms),
    overlap: overlap(hit.text, terms),
  }));
  const matching = candidates.filter((candidate) => candidate.overlap > 0);
  if (matching.length > 0) return matching.slice(0, MAX_PASSAGES);
  return memoriesAnswer ? [] : candidates.slice(0, 2);
}

/** The sentences of a passage that share the most words with the question, in their original order. */
export function bestExcerpt(text: string, terms: Set<string>): string {
  const sentences = text
    .replace(/\s+/g, ' ')
    .trim()
    .match(/[^.!?]+[.!?]*/g) ?? [text];
  const scored = sentences.map((sentence, index) => ({
    sentence: sentence.trim(),
    index,
    score: overlap(sentence, terms),
  }));
  const best = [...scored].sort((a, b) => b.score - a.score || a.index - b.index);
  const chosen: typeof scored = [];
  let length = 0;
  for (const candidate of best) {
    if (chosen.length > 0 && (candidate.score === 0 || length + candidate.sentence.length > PASSAGE_CHARS)) break;
    chosen.push(candidate);
    length += candidate.sentence.length + 1;
  }
  return clip(
    chosen
      .sort((a, b) => a.index - b.index)
      .map((item) => item.sentence)
      .join(' '),
    PASSAGE_CHARS,
  );
}

const STOP_WORDS = new Set(
  'a an and are as at be by can do does for from has have how i in is it its me my of on or so that the their them there this to was what when where which who why will with you your about into than then'.split(
    ' ',
  ),
);

function queryTerms(question: string): Set<string> {
  return new Set(
    question
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 1 && !STOP_WORDS.has(word)),
  );
}

function overlap(sentence: string, terms: Set<string>): number {
  let score = 0;
  for (const word of new Set(sentence.toLowerCase().split(/[^\p{L}\p{N}]+/u))) if (terms.has(word)) score += 1;
  return score;
}

/** Overlapping chunks often repeat each other; keep the best-scored of near-identical passages. */
function distinctPassages(hits: SearchHit[]): SearchHit[] {
  const seen = new Set<string>();
  return [...hits]
    .sort((a, b) => b.score - a.score)
    .filter((hit) => {
      const key = hit.text.replace(/\s+/g, ' ').trim().slice(0, 120);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
