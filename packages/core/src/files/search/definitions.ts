import type { Chunk } from '../ingestion/chunking';
import { encodeIdentifier, indexTextOf } from './index-tokens';

const NAME = String.raw`(?:[\p{L}_][\p{L}\p{N}_]*\.)*[\p{L}_][\p{L}\p{N}_]*`;
/**
 * A definition as API references print one: a (dotted) name with a parameter list, then the first
 * word of its description in capitals or a reST directive ("subprocess.run(args, *, check=False) Run
 * the command", ".. function:: which(cmd, path=None) Return the path"), or "class X" / "exception X".
 * A call in prose ("use shutil.which("python") to…", "Popen.communicate() and") does not match.
 */
const SIGNATURE = new RegExp(
  String.raw`(?<![\p{L}\p{N}_.])(${NAME})\(((?:[^()]|\([^()]*\))+)\)(?=\s+(?:\p{Lu}|\.\. )|\s*$)`,
  'gu',
);
const DECLARATION = new RegExp(String.raw`\b(?:class|exception)\s+(${NAME})(?:\((?:[^()]*)\))?\s+(?=\p{Lu})`, 'gu');

/** The names `text` defines, in order; an undotted one also qualified by its module, the document's name. */
export function definedNames(text: string, fileName?: string): string[] {
  const module = fileName?.replace(/\.[^.]*$/u, '');
  const qualifier = module && /^[\p{L}_][\p{L}\p{N}_]*$/u.test(module) ? module : undefined;
  const found: { at: number; name: string }[] = [];
  for (const match of text.matchAll(SIGNATURE)) {
    // A parameter list names parameters; quotes or a lone number are a call with arguments.
    if (/["'`]/u.test(match[2] ?? '') || match[1] === undefined) continue;
    found.push({ at: match.index, name: match[1] });
  }
  for (const match of text.matchAll(DECLARATION))
    if (match[1] !== undefined) found.push({ at: match.index, name: match[1] });
  return found
    .sort((a, b) => a.at - b.at)
    .flatMap(({ name }) => (qualifier && !name.includes('.') ? [name, `${qualifier}.${name}`] : [name]));
}

/** A definition's description seldom runs past this many chunks after the one it starts in (~1000 characters each). */
const DEFINITION_REACH = 2;

/**
 * The index text of a file's chunks, in order (see `indexTextOf`). In an API reference the
 * definition a passage describes is its real heading, though often chunks above it ("If check is
 * true, … a CalledProcessError exception will be raised" belongs to `subprocess.run(…)`): each chunk
 * also carries, as whole identifiers, the names it defines and the last definition above it in the
 * same section, within `DEFINITION_REACH` chunks. Chunks of a later batch start without one (a large file is written in batches).
 */
export function indexTextsOf(chunks: Chunk[], fileName?: string): string[] {
  let above: string[] = [];
  let reach = 0;
  let section: string | undefined;
  return chunks.map((chunk) => {
    if (chunk.section !== section || reach <= 0) above = [];
    section = chunk.section;
    reach -= 1;
    const own = definedNames(chunk.text, fileName);
    const names = [...new Set([...above, ...own])];
    if (own.length > 0) {
      above = lastDefinition(own);
      reach = DEFINITION_REACH;
    }
    const text = indexTextOf(chunk, fileName);
    return names.length > 0 ? `${text} ${names.map((name) => encodeIdentifier(name)).join(' ')}` : text;
  });
}

/** The last definition of a list: its name, and its qualified name when that follows it. */
function lastDefinition(names: string[]): string[] {
  const last = names.at(-1);
  const before = names.at(-2);
  if (last === undefined) return [];
  return before !== undefined && last.endsWith(`.${before}`) ? [before, last] : [last];
}
