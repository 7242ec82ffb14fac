import type { Citation, MemoryHit, SearchHit } from '@studio/shared';
import { centralIndices } from '../agents/tools/summarize';
import { sentenceSpans, type SentenceSpan } from '../text/sentences';
import { clip, sourceLabel, toCitation } from './sources';
import { contentTerms, overlap } from '../text/terms';

const MAX_PASSAGES = 4;
const MAX_MEMORIES = 3;
const PASSAGE_CHARS = 400;

/** A span an answer quotes: exactly `text` appears in the chunk `chunkId`. */
export interface Quote {
  chunkId: string;
  text: string;
}

/** An answer assembled without a language model: blocks of text to stream, what they cite and quote. */
export interface OfflineAnswer {
  blocks: string[];
  citations: Citation[];
  quotes: Quote[];
}

/**
 * The offline answer: says plainly that no language model is configured, then quotes verbatim the
 * most relevant sentences of the best passages (best first, each numbered and named by file and
 * page), and the memories that share words with the question — never the whole profile.
 */
export function buildOfflineAnswer(input: {
  question: string;
  hits: SearchHit[];
  memories: MemoryHit[];
  /** Why a configured model did not answer (it is then not "not configured"). */
  modelFailure?: string;
}): OfflineAnswer {
  const why = input.modelFailure
    ? `The language model did not answer (${input.modelFailure})`
    : 'No language model is configured';
  const terms = contentTerms(input.question);
  if (SUMMARY_REQUEST.test(input.question)) {
    const summary = summaryOfNamedDocument(input.hits, terms, why);
    if (summary) return summary;
  }
  const memories = input.memories.filter((memory) => overlap(memory.content, terms) > 0).slice(0, MAX_MEMORIES);
  const passages = selectPassages(input.hits, terms, memories.length > 0);
  const answer: OfflineAnswer = { blocks: [], citations: [], quotes: [] };
  if (passages.length === 0 && memories.length === 0) {
    answer.blocks.push(
      `${why}, so I can only answer from your files and memories — ` +
        `and nothing in them matches “${clip(input.question, 80)}”. ` +
        (input.modelFailure
          ? 'Upload a document that covers it, or ask again once the model is back.'
          : 'Upload a document that covers it, or set a model (Configuration → Model, or LLM_BASE_URL) to get written answers.'),
    );
    return answer;
  }
  answer.blocks.push(
    `${why}, so here is what your ` +
      (passages.length > 0 ? 'files' : 'memories') +
      ` say about “${clip(input.question, 80)}” (quoted, not summarised):\n\n`,
  );
  passages.forEach(({ hit, spans }, index) => {
    const rendered = spans.map((span) => `“${span.text}”${span.cut ? '…' : ''}`).join(' … ');
    answer.blocks.push(`[${index + 1}] ${sourceLabel(hit)}: ${rendered}\n\n`);
    answer.citations.push(toCitation(hit, spans[0]?.text));
    for (const span of spans) answer.quotes.push({ chunkId: hit.chunkId, text: span.text });
  });
  if (memories.length > 0) {
    answer.blocks.push(`From memory:\n${memories.map((memory) => `- ${clip(memory.content, 200)}`).join('\n')}\n\n`);
  }
  answer.blocks.push(
    input.modelFailure
      ? 'Ask again once the model is back for an answer written from these sources.'
      : 'Set a model (Configuration → Model, or LLM_BASE_URL) for answers written from these sources.',
  );
  return answer;
}

/** "Summarize the GPL", "give me a summary of …", "tl;dr". */
const SUMMARY_REQUEST = /\b(summari[sz]e|summary|overview|tl;?dr)\b/i;
const SUMMARY_SENTENCES = 4;

/**
 * For a summary request, the most central sentences of the passages found in the document it names
 * (or the best-ranked one), quoted verbatim in document order — not a sample of quotes from every file.
 */
function summaryOfNamedDocument(hits: SearchHit[], terms: Set<string>, why: string): OfflineAnswer | undefined {
  const named = hits.filter((hit) => overlap(hit.fileName.replace(/[-_.]/g, ' '), terms) > 0);
  const fileId = (named[0] ?? hits[0])?.fileId;
  const passages = distinctPassages(hits.filter((hit) => hit.fileId === fileId)).sort(
    (a, b) => positionOf(a.chunkId) - positionOf(b.chunkId),
  );
  const first = passages[0];
  if (!first) return undefined;
  const sentences = passages.flatMap((hit) =>
    sentenceSpans(hit.text).map((span) => ({ hit, text: hit.text.slice(span.start, span.end) })),
  );
  const chosen = centralIndices(
    sentences.map((sentence) => sentence.text.replace(/\s+/g, ' ')),
    SUMMARY_SENTENCES,
  ).flatMap((index) => sentences[index] ?? []);
  const answer: OfflineAnswer = { blocks: [], citations: [], quotes: [] };
  const cited = [...new Set(chosen.map((sentence) => sentence.hit))];
  answer.blocks.push(
    `${why}, so here is ${first.fileName} in its own words: its most central sentences ` +
      `among the ${passages.length} passage${passages.length === 1 ? '' : 's'} found, in document order:\n\n`,
  );
  for (const sentence of chosen) {
    answer.blocks.push(`“${sentence.text}” [${cited.indexOf(sentence.hit) + 1}]\n\n`);
    answer.quotes.push({ chunkId: sentence.hit.chunkId, text: sentence.text });
  }
  cited.forEach((hit, index) => {
    const quoted = chosen.find((sentence) => sentence.hit === hit)?.text;
    answer.blocks.push(`[${index + 1}] ${sourceLabel(hit)}\n`);
    answer.citations.push(toCitation(hit, quoted));
  });
  answer.blocks.push(
    '\nSet a model (Configuration → Model, or LLM_BASE_URL) for a summary written from the whole document.',
  );
  return answer;
}

/** A chunk's position in its file (chunk ids end in ":<position>"); unknown ones sort last. */
function positionOf(chunkId: string): number {
  const position = Number(/:(\d+)$/.exec(chunkId)?.[1]);
  return Number.isFinite(position) ? position : Number.MAX_SAFE_INTEGER;
}

interface QuotedSpan {
  text: string;
  /** The sentence went on past the quote. */
  cut: boolean;
}

interface Passage {
  hit: SearchHit;
  spans: QuotedSpan[];
}

/**
 * The passages worth quoting, best first: ranked by how many of the question's words they hold and
 * by search rank. Search may rank a passage by meaning alone, so when none shares a word, the best
 * two by rank stand in — unless memories already speak to the question.
 */
function selectPassages(hits: SearchHit[], terms: Set<string>, memoriesAnswer: boolean): Passage[] {
  const distinct = distinctPassages(hits);
  const candidates = distinct.map((hit, rank) => {
    const coverage = terms.size > 0 ? overlap(hit.text, terms) / terms.size : 0;
    // Word coverage leads; search rank (which also weighs meaning) separates passages that cover alike.
    return { hit, coverage, rank: coverage + 0.15 * (1 - rank / distinct.length) };
  });
  const matching = candidates.filter((candidate) => candidate.coverage > 0).sort((a, b) => b.rank - a.rank);
  const chosen = matching.length > 0 ? matching.slice(0, MAX_PASSAGES) : memoriesAnswer ? [] : candidates.slice(0, 2);
  return chosen.map(({ hit }) => ({ hit, spans: bestSpans(hit.text, terms) }));
}

/**
 * The sentences of a passage that share the most words with the question, in their original order
 * and verbatim: neighbouring sentences form one span, a long sentence is cut at a word boundary.
 */
export function bestSpans(text: string, terms: Set<string>): QuotedSpan[] {
  const sentences = sentenceSpans(text);
  if (sentences.length === 0) return [];
  const scored = sentences.map((span, index) => ({
    span,
    index,
    score: overlap(text.slice(span.start, span.end), terms),
  }));
  const chosen: typeof scored = [];
  let length = 0;
  for (const candidate of [...scored].sort((a, b) => b.score - a.score || a.index - b.index)) {
    const size = candidate.span.end - candidate.span.start;
    if (chosen.length > 0 && (candidate.score === 0 || length + size > PASSAGE_CHARS)) break;
    chosen.push(candidate);
    length += size;
  }
  chosen.sort((a, b) => a.index - b.index);
  const runs: SentenceSpan[] = [];
  let previous = -2;
  for (const { span, index } of chosen) {
    const last = runs[runs.length - 1];
    if (last && index === previous + 1) last.end = span.end;
    else runs.push({ ...span });
    previous = index;
  }
  return runs.map((run) => cutAtWord(text.slice(run.start, run.end), PASSAGE_CHARS));
}

/** A prefix of `text` of at most `max` characters ending at a word boundary. */
function cutAtWord(text: string, max: number): QuotedSpan {
  if (text.length <= max) return { text, cut: false };
  const head = text.slice(0, max);
  const space = head.search(/\s\S*$/);
  return { text: (space > max * 0.6 ? head.slice(0, space) : head).trimEnd(), cut: true };
}

/** Overlapping chunks often repeat each other; keep the first-ranked of near-identical passages. */
function distinctPassages(hits: SearchHit[]): SearchHit[] {
  const seen = new Set<string>();
  return hits.filter((hit) => {
    const key = hit.text.replace(/\s+/g, ' ').trim().slice(0, 120);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
