import type { MemoryType } from '@studio/shared';

/** A memory worth keeping, found in what the user said. */
export interface MemoryCandidate {
  type: Exclude<MemoryType, 'conversation'>;
  content: string;
  /**
   * What the memory is about when there can be only one ("name", "location"): a newer statement
   * replaces the older one instead of piling up next to it.
   */
  slot?: string;
}

// The end of a captured value: a clause boundary, not just any word.
const VALUE = String.raw`([^.!?;\n]{1,120}?)`;
const END = String.raw`(?=\s*(?:[.!?;\n]|,\s*(?:and|but|so)\b|\s+(?:and|but)\s+(?:i|my|you|please)\b|$))`;

interface Rule {
  pattern: RegExp;
  /** Receives the rule's captured groups that matched, trimmed. */
  build(value: string, ...more: string[]): MemoryCandidate | undefined;
}

const rules: Rule[] = [
  {
    pattern: new RegExp(String.raw`\b(?:my name is|i am called|i'm called|call me)\s+${VALUE}${END}`, 'i'),
    build: (value) => {
      const name = cleanName(value);
      return name ? { type: 'profile', slot: 'name', content: `The user's name is ${name}.` } : undefined;
    },
  },
  {
    pattern: new RegExp(
      String.raw`\b(?:i live in|i'm living in|i am living in|i am based in|i'm based in|i reside in)\s+${VALUE}${END}`,
      'i',
    ),
    build: (value) => ({ type: 'profile', slot: 'location', content: `The user lives in ${value}.` }),
  },
  {
    pattern: new RegExp(
      String.raw`\b(?:i work as|my job is|my profession is|i'm employed as|i am employed as)\s+${VALUE}${END}`,
      'i',
    ),
    build: (value) => ({ type: 'profile', slot: 'occupation', content: `The user works as ${value}.` }),
  },
  {
    pattern: new RegExp(String.raw`\bi work (?:at|for)\s+${VALUE}${END}`, 'i'),
    build: (value) => ({ type: 'profile', slot: 'employer', content: `The user works at ${value}.` }),
  },
  {
    pattern: new RegExp(String.raw`\bi(?: am|'m) (\d{1,3}) years old\b`, 'i'),
    build: (value) => ({ type: 'profile', slot: 'age', content: `The user is ${value} years old.` }),
  },
  {
    pattern: new RegExp(String.raw`\bmy (?:favorite|favourite) ([a-z ]{2,30}?) is\s+${VALUE}${END}`, 'i'),
    build: (subject, value) => {
      const topic = subject.toLowerCase();
      return value
        ? { type: 'profile', slot: `favorite ${topic}`, content: `The user's favorite ${topic} is ${value}.` }
        : undefined;
    },
  },
  {
    pattern: new RegExp(String.raw`\bi (?:prefer|would rather|'d rather)\s+${VALUE}${END}`, 'i'),
    build: (value) =>
      aboutTheMoment(value) ? undefined : { type: 'profile', content: `The user prefers ${toThirdPerson(value)}.` },
  },
  {
    pattern: new RegExp(String.raw`\bi (?:really )?(?:like|love|enjoy)\s+${VALUE}${END}`, 'i'),
    build: (value) =>
      aboutTheMoment(value) ? undefined : { type: 'profile', content: `The user likes ${toThirdPerson(value)}.` },
  },
  {
    pattern: new RegExp(
      String.raw`\bi (?:don't|do not|really don't) like\s+${VALUE}${END}|\bi (?:dislike|hate)\s+${VALUE}${END}`,
      'i',
    ),
    build: (value) =>
      aboutTheMoment(value) ? undefined : { type: 'profile', content: `The user dislikes ${toThirdPerson(value)}.` },
  },
  {
    pattern: new RegExp(String.raw`\bi speak\s+${VALUE}${END}`, 'i'),
    build: (value) => ({ type: 'profile', slot: 'languages', content: `The user speaks ${value}.` }),
  },
  {
    pattern: new RegExp(
      String.raw`\b(?:please )?(?:remember|note|keep in mind|don't forget|do not forget)(?: that)?\s+${VALUE}${END}`,
      'i',
    ),
    build: (value) => {
      const fact = toThirdPerson(value);
      return fact.length >= 3
        ? { type: 'fact', content: capitalize(fact.endsWith('.') ? fact : `${fact}.`) }
        : undefined;
    },
  },
];

/**
 * Explicit statements about the user ("my name is …", "I prefer …", "remember that …") found by
 * rules, so memory works without a language model. Questions are not statements and are skipped.
 */
export function extractCandidates(message: string): MemoryCandidate[] {
  const candidates: MemoryCandidate[] = [];
  for (const sentence of splitSentences(protectAbbreviations(message))) {
    if (sentence.trim().endsWith('?')) continue;
    for (const rule of rules) {
      const match = rule.pattern.exec(sentence);
      if (!match) continue;
      const [value, ...more] = match
        .slice(1)
        .filter((group): group is string => group !== undefined)
        .map((group) => group.trim().replace(/[\s,]+$/, ''));
      if (!value) continue;
      const built = rule.build(value, ...more);
      const candidate = built && { ...built, content: restoreAbbreviations(built.content) };
      if (candidate && !candidates.some((existing) => existing.content === candidate.content))
        candidates.push(candidate);
    }
  }
  return candidates;
}

/**
 * Sorts a memory a model extracted into a type (and slot) by what it talks about: who the user is
 * and how they like things is profile; everything else is a fact.
 */
export function classifyMemory(text: string): { type: MemoryCandidate['type']; slot?: string } {
  // Statements about the user start with the user ("User's name is …", "Prefers …"); "User's dog
  // is named Rex" is a fact about someone else and must not replace the user's name.
  const about = text
    .trim()
    .toLowerCase()
    .replace(/^(?:the )?user(?:'s)?\s+/, '');
  const slotted: [RegExp, string][] = [
    [/^(?:name is|is named|is called|goes by)\b/, 'name'],
    [/^(?:lives in|is living in|is based in|resides in|is from)\b/, 'location'],
    [/^(?:works as|is employed as|job is|profession is|occupation is)\b/, 'occupation'],
    [/^(?:works at|works for|is employed at|is employed by)\b/, 'employer'],
    [/^is \d{1,3} years old\b/, 'age'],
  ];
  for (const [pattern, slot] of slotted) {
    if (pattern.test(about)) return { type: 'profile', slot };
  }
  if (/^(?:prefers|likes|loves|enjoys|dislikes|hates|speaks|wants answers|favou?rite)\b/.test(about))
    return { type: 'profile' };
  return { type: 'fact' };
}

/**
 * Whether an extracted memory is one a user would write down: not a note about the chat itself
 * ("User asked about the GPL", "Wants to know what chmod does") and not an opaque id.
 */
export function worthKeeping(text: string): boolean {
  const about = text
    .trim()
    .toLowerCase()
    .replace(/^(?:the )?user(?:'s)?\s+/, '');
  if (
    /^(?:is )?(?:asked|asking|asks|inquired|inquiring|wants to know|wanted to know|requested|requests|is looking for information|looked up|searched|greeted|said (?:hi|hello))\b/.test(
      about,
    )
  )
    return false;
  return !/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i.test(text);
}

// A stand-in for the dot of "Dr." and the like, so it ends neither a sentence nor a value.
const ABBREVIATION_DOT = '\u2024';

function protectAbbreviations(text: string): string {
  return text.replace(/\b(Dr|Mr|Mrs|Ms|Prof|St|Jr|Sr|Mt|No|vs|etc)\./g, `$1${ABBREVIATION_DOT}`);
}

function restoreAbbreviations(text: string): string {
  return text.replaceAll(ABBREVIATION_DOT, '.');
}

/** "I like this answer", "I prefer that one": a reaction to the conversation, not a lasting preference. */
function aboutTheMoment(value: string): boolean {
  return /^(?:this|that|it|these|those|your|the (?:answer|reply|response|first|second|last)|how|what|when)\b/i.test(
    value,
  );
}

function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?\n])\s+/).filter((sentence) => sentence.trim().length > 0);
}

function cleanName(value: string): string | undefined {
  const words = (value.split(',')[0] ?? '')
    .replace(/["'“”]/g, '')
    .trim()
    .split(/\s+/)
    .slice(0, 5);
  const name = words.join(' ').replace(/[,\s]+$/, '');
  return name.length > 0 && name.length <= 80 ? name : undefined;
}

/** Rewrites first person into statements about "the user". */
export function toThirdPerson(text: string): string {
  return text
    .replace(/\bI am\b|\bI'm\b/g, 'the user is')
    .replace(/\bI was\b/g, 'the user was')
    .replace(/\bI have\b|\bI've\b/g, 'the user has')
    .replace(/\bI\b/g, 'the user')
    .replace(/\bmy\b/gi, "the user's")
    .replace(/\bmine\b/gi, "the user's")
    .replace(/\bme\b/gi, 'the user')
    .replace(/\bmyself\b/gi, 'themselves')
    .trim();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
