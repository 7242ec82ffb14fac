import { splitTokens } from '@studio/testing';

/** As in the chat bench: a model far faster than this machine could run, so rendering is the bottleneck. */
export const TOKEN_DELAY_MS = 1;

/** The last word of every answer: once the chat view shows it, the whole answer is on screen. */
export const END_MARK = 'render-bench-end.';

const SECTION_COUNT = 7;

function section(index: number): string {
  const rows = Array.from(
    { length: 8 },
    (_, row) => `| pump-${index}-${row} | ${(row + 1) * 7} bar | ${row % 2 === 0 ? 'weekly' : 'monthly'} check |`,
  );
  const code = Array.from(
    { length: 10 },
    (_, line) => `  const reading${line} = await gauge.read({ pump: 'pump-${index}', channel: ${line} });`,
  );
  return [
    `## Section ${index + 1}: pump group ${index}`,
    '',
    `The pumps of group ${index} run in two shifts and their pressure is read every morning before the first shift starts, so a slow leak shows up within a day.`,
    '',
    '| Pump | Pressure | Check |',
    '| --- | ---: | --- |',
    ...rows,
    '',
    `### Steps for group ${index}`,
    '',
    '1. Close the **inlet valve** and wait until the gauge settles.',
    '2. Read the pressure and write it in the `log` with the time.',
    '3. Open the valve again, slowly, and listen for *whistling* seals.',
    '',
    '- Replace a seal that shows cracks.',
    '- Keep spare filters in the dry store.',
    '- Report anything unusual to the shift lead.',
    '',
    '```ts',
    `async function readGroup${index}(gauge: Gauge): Promise<number[]> {`,
    ...code,
    `  return [${Array.from({ length: 10 }, (_, line) => `reading${line}`).join(', ')}];`,
    '}',
    '```',
    '',
  ].join('\n');
}

/** A long answer with what Markdown answers hold: headings, tables, lists, emphasis and fenced code. */
export const MARKDOWN_ANSWER = [
  'Here is the maintenance guide for every pump group, section by section.',
  '',
  ...Array.from({ length: SECTION_COUNT }, (_, index) => section(index)),
  `That is the whole guide. ${END_MARK}`,
].join('\n');

export const MARKDOWN_TOKENS = splitTokens(MARKDOWN_ANSWER).length;

/**
 * The baseline: prose paragraphs with the same number of tokens and no markup, so the Markdown
 * answer's extra cost (tables, code highlighting) shows as a ratio.
 */
export const PLAIN_ANSWER = (() => {
  const words = 'the pumps of each group run in two shifts and their pressure is read every morning'.split(' ');
  const paragraphs: string[] = [];
  let count = 0;
  // Two tokens are kept for the closing words.
  while (count < MARKDOWN_TOKENS - 2) {
    const length = Math.min(40, MARKDOWN_TOKENS - 2 - count);
    paragraphs.push(Array.from({ length }, (_, index) => words[(count + index) % words.length]).join(' '));
    count += length;
  }
  return `${paragraphs.join('\n\n')}\n\nDone. ${END_MARK}`;
})();

export const PLAIN_TOKENS = splitTokens(PLAIN_ANSWER).length;
