import type { MemoryHit } from '@studio/shared';
import { extractCandidates } from '../memory/capture-rules';
import { contentTerms, overlap } from '../text/terms';

// Questions about the user, not about their files: "what is my name?", "where do I live?", "who am I?".
const ABOUT_THE_USER = [
  /\b(?:what|who|where|which|how)(?:'s|\s+is|\s+are|\s+was|\s+were)?\s+my\b/,
  /\b(?:who|how old) am i\b/,
  /\b(?:what|where|which|who|how much)\s+(?:do|did)\s+i\s+(?:prefer|like|love|enjoy|dislike|hate|live|work|speak|want)\b/,
  /\b(?:do|did) i\s+(?:prefer|like|love|enjoy|dislike|hate)\b/,
  /\b(?:do you|what do you) (?:know|remember)\b.*\b(?:me|my|i)\b/,
  /\b(?:do|did) you (?:still )?remember\b/,
];
// "What is my file about?" asks about a document, not about the user.
const ABOUT_FILES = /\b(?:files?|documents?|uploads?|pdfs?|pages?|chunks?)\b/;

// What a question asks for, and how a memory that answers it reads.
const TOPICS: [RegExp, RegExp][] = [
  [/\bname\b|\bwho am i\b|\bcalled\b/, /\bname is\b|\bis called\b|\bgoes by\b/],
  [/\blive\b|\bfrom\b|\bbased\b|\blocation\b/, /\blives in\b|\bbased in\b|\bis from\b/],
  [/\bwork\b|\bjob\b|\bprofession\b|\boccupation\b|\bemploy/, /\bworks (?:as|at|for)\b|\bemployed\b/],
  [/\bold\b|\bage\b/, /\byears old\b/],
  [/\bfavou?rite\b/, /\bfavou?rite\b/],
  [/\bdislike\b|\bhate\b/, /\bdislikes\b|\bhates\b/],
  [/\bprefer/, /\bprefers\b/],
  [/\blike\b|\blove\b|\benjoy\b/, /\blikes\b|\bloves\b|\benjoys\b/],
  [/\bspeak\b|\blanguages?\b/, /\bspeaks\b/],
];

/** True for a question about the user ("what is my name?") rather than about their files. */
export function asksAboutUser(message: string): boolean {
  const text = message.trim().toLowerCase();
  if (!text.endsWith('?') && !/^(?:what|who|where|which|how|do|did|am|tell me)\b/.test(text)) return false;
  return !ABOUT_FILES.test(text) && ABOUT_THE_USER.some((pattern) => pattern.test(text));
}

/** True for a message about the user: a question about them, or a statement to remember ("my name is …"). */
export function isAboutUser(message: string): boolean {
  return asksAboutUser(message) || (!message.includes('?') && extractCandidates(message).length > 0);
}

/**
 * The one-sentence reply to a message about the user (`isAboutUser`): a question is answered from
 * the profile and fact memories that speak to it (cited); a statement ("my name is Dana",
 * "remember that …") is acknowledged.
 */
export function personalReply(message: string, memories: MemoryHit[]): string {
  if (asksAboutUser(message)) return answerFromMemory(message, memories);
  const clauses = extractCandidates(message).map((candidate) => secondPerson(candidate.content));
  return `Noted — I'll remember that ${joinClauses(clauses)}.`;
}

function answerFromMemory(question: string, memories: MemoryHit[]): string {
  const chosen = answeringMemories(question.toLowerCase(), memories);
  if (chosen.length === 0) {
    return (
      "I don't have that in memory yet — tell me (for example “my name is …” or “remember that …”) " +
      "and I'll keep it."
    );
  }
  const sentence = capitalize(joinClauses(chosen.map((memory) => secondPerson(memory.content))));
  const cited = chosen.map((memory) => `${memory.type}, saved ${memory.createdAt.slice(0, 10)}`).join('; ');
  return `${sentence} (from memory: ${cited}).`;
}

/** The memories that answer the question: those on its topic, else those sharing its words. */
function answeringMemories(question: string, memories: MemoryHit[]): MemoryHit[] {
  const personal = memories.filter((memory) => memory.type !== 'conversation');
  const topic = TOPICS.find(([asks]) => asks.test(question));
  if (topic) {
    const [, reads] = topic;
    const onTopic = personal.filter((memory) => reads.test(memory.content.toLowerCase()));
    const terms = contentTerms(question.replace(topic[0], ' '));
    const closer = onTopic.filter((memory) => overlap(memory.content, terms) > 0);
    return (closer.length > 0 ? closer : onTopic).slice(0, 3);
  }
  if (/\b(?:know|remember)\b.*\bme\b/.test(question))
    return personal.filter((memory) => memory.type === 'profile').slice(0, 3);
  const terms = contentTerms(question);
  return personal
    .map((memory) => ({ memory, shared: overlap(memory.content, terms) }))
    .filter((entry) => entry.shared > 0)
    .sort((a, b) => b.shared - a.shared || b.memory.score - a.memory.score)
    .slice(0, 2)
    .map((entry) => entry.memory);
}

/** "The user's name is Dana." → "your name is Dana"; "The user lives in Lisbon." → "you live in Lisbon". */
export function secondPerson(content: string): string {
  const text = content.trim().replace(/[.!]+$/, '');
  if (!/\bthe user\b/i.test(text)) return `you asked me to remember that ${lowerFirst(text)}`;
  return lowerFirst(
    text
      .replace(/\bthe user's\b/gi, 'your')
      .replace(/\bthe user is\b/gi, 'you are')
      .replace(/\bthe user was\b/gi, 'you were')
      .replace(/\bthe user has\b/gi, 'you have')
      .replace(/\bthe user (\p{Ll}+)\b/giu, (_, verb: string) => `you ${baseForm(verb)}`)
      .replace(/\bthe user\b/gi, 'you')
      .replace(/\bthemselves\b/g, 'yourself'),
  );
}

function baseForm(verb: string): string {
  if (/ies$/.test(verb)) return verb.replace(/ies$/, 'y');
  if (/(?:ss|sh|ch|x|o)es$/.test(verb)) return verb.replace(/es$/, '');
  if (/[^s]s$/.test(verb)) return verb.slice(0, -1);
  return verb;
}

function joinClauses(clauses: string[]): string {
  if (clauses.length <= 1) return clauses[0] ?? '';
  return `${clauses.slice(0, -1).join(', ')} and ${clauses[clauses.length - 1] ?? ''}`;
}

function lowerFirst(text: string): string {
  // "The server…" reads "the server…" mid-sentence; "Dana…" or "API…" keep their capitals.
  return /^\p{Lu}\p{Ll}/u.test(text) && /^(?:The|A|An|My|Our|This|That)\b/.test(text)
    ? text.charAt(0).toLowerCase() + text.slice(1)
    : text;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
