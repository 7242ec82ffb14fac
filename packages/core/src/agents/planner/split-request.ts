/** The parts of a multi-part request and whether each part builds on the one before it. */
export interface RequestParts {
  parts: string[];
  /** 'sequence' for "first … then …" and numbered steps; 'questions' for several independent questions. */
  shape: 'single' | 'sequence' | 'questions';
}

const NUMBERED_STEP = /(?:^|\s)(?:step\s*)?\d{1,2}[.):]\s+/gi;
const SEQUENCE_MARKER =
  /(?:(?<=[,;.!?])\s*|\s+)(?:and\s+)?(?:then|after\s+that|afterwards|finally|lastly|(?<=[,;.!?]\s*)next)\b[,:]?\s+/gi;
const LEADING_FIRST = /^\s*(?:first(?:ly)?|to\s+begin(?:\s+with)?|start\s+by)\b[,:]?\s*/i;

/** Splits "first … then …", "and then", numbered steps and several questions into parts; offline and deterministic. */
export function splitRequest(message: string): RequestParts {
  const text = message.replace(/\s+/g, ' ').trim();

  const numbered = text.split(NUMBERED_STEP).map(clean).filter(Boolean);
  if ((text.match(NUMBERED_STEP) ?? []).length >= 2 && numbered.length >= 2) {
    return { parts: dropPreamble(text, numbered), shape: 'sequence' };
  }

  const sequence = text
    .split(SEQUENCE_MARKER)
    .map((part) => clean(part.replace(LEADING_FIRST, '')))
    .filter(Boolean);
  // "what happened back then?" is one question: every part of a sequence must be a real instruction.
  if (sequence.length >= 2 && sequence.every(isInstruction)) return { parts: sequence, shape: 'sequence' };

  const questions = (text.match(/[^?]+\?/g) ?? []).map(clean).filter(isInstruction);
  if (questions.length >= 2) return { parts: questions, shape: 'questions' };

  return { parts: [clean(text.replace(LEADING_FIRST, '')) || text], shape: 'single' };
}

/** A line such as "Please do the following:" before "1. …" is context, not a step. */
function dropPreamble(text: string, parts: string[]): string[] {
  const firstStep = text.search(NUMBERED_STEP);
  return firstStep > 0 && parts.length > 1 ? parts.slice(1) : parts;
}

function isInstruction(part: string): boolean {
  return (part.match(/[\p{L}\p{N}]+/gu) ?? []).length >= 2;
}

function clean(part: string): string {
  return part.replace(/^[\s,;:.-]+|[\s,;:-]+$/g, '').trim();
}
