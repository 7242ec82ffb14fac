/**
 * Cuts Markdown into top-level blocks at blank lines outside fenced code, so a streaming answer
 * re-parses only its last, growing block: the finished ones keep their text and are memoised.
 * A loose list cut in two still renders as two lists that read the same.
 */
export function markdownBlocks(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | undefined;
  const flush = () => {
    if (current.some((line) => line.trim() !== '')) blocks.push(current.join('\n'));
    current = [];
  };
  for (const line of text.split('\n')) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker) fence = marker;
    else if (fence !== undefined && marker && marker[0] === fence[0] && marker.length >= fence.length)
      fence = undefined;
    if (fence === undefined && line.trim() === '' && !/^\s*(\||[-*+]\s|\d+[.)]\s)/.test(current.at(-1) ?? '')) {
      flush();
      continue;
    }
    current.push(line);
  }
  flush();
  return blocks;
}
