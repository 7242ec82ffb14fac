import { describe, expect, it } from 'vitest';
import { evaluateExpression, findExpression } from './expression';
import { readFileSync } from 'node:fs';
import { centralSentences, summarizeText } from './summarize';
import { buildTools } from './tool-registry';
import { ToolInputError } from './tool';
import { FakeFileRetriever, TWO_FILES } from '../test-support/harness';

const context = { userId: 'default', signal: new AbortController().signal };

describe('the calculator', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['2 ^ 3 ^ 2', 512],
    ['-(4 + 2) / 3', -2],
    ['sqrt(16) + max(1, 5, 3)', 9],
    ['10 % 4', 2],
    ['1,000 * 2', 2000],
    ['2 ** 10', 1024],
  ])('%s = %d', (expression, value) => {
    expect(evaluateExpression(expression)).toBe(value);
  });

  it.each([
    ['process.exit()', 'unexpected character "."'],
    ['constructor(1)', 'unknown symbol "constructor"'],
    ['1 / 0', 'division by zero'],
    ['(1 + 2', 'expected ")"'],
    ['alert`1`', 'unexpected character "`"'],
    ['9'.repeat(400) + ' * 9'.repeat(40), 'longer than 500'],
  ])('refuses %s', (expression, message) => {
    expect(() => evaluateExpression(expression)).toThrow(message);
  });

  it('finds an expression in a question', () => {
    expect(findExpression('What is 12 * (3 + 4) in total?')).toBe('12 * (3 + 4)');
  });
});

describe('tools', () => {
  const tools = buildTools({ files: new FakeFileRetriever(TWO_FILES) });

  it('offers only the tools whose domains exist', () => {
    expect([...tools.keys()].sort()).toEqual(['calculator', 'search_files', 'summarize']);
  });

  it('validates arguments with zod before running', async () => {
    await expect(tools.get('calculator')?.run({ expression: 42 }, context)).rejects.toBeInstanceOf(ToolInputError);
  });

  it("search_files returns passages and their citations, limited to the request's files", async () => {
    const outcome = await tools.get('search_files')?.run({ query: 'launch date' }, { ...context, fileIds: ['alpha'] });
    expect(outcome?.content).toContain('[1] alpha.txt p.1 (chunk alpha:0): Project Alpha launches in May 2027.');
    expect(outcome?.sources).toEqual([expect.objectContaining({ fileId: 'alpha', chunkId: 'alpha:0', page: 1 })]);
  });

  it('the calculator answers the number alone', async () => {
    expect((await tools.get('calculator')?.run({ expression: '12 * (3 + 4)' }, context))?.content).toBe('84');
  });

  it("summarize picks the GPL's most central sentences, in document order, verbatim", () => {
    const gpl = readFileSync('/usr/share/common-licenses/GPL-3', 'utf8');
    const flat = gpl.replace(/\s+/g, ' ');
    const sentences = centralSentences(gpl, 3);
    expect(sentences).toHaveLength(3);
    const positions = sentences.map((sentence) => flat.indexOf(sentence));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // Central sentences speak of what the license is about, not of its headings or its address lines.
    for (const sentence of sentences) expect(sentence).toMatch(/\b(License|Program|work|source|copies|convey)/i);
    expect(summarizeText(gpl, 3)).toBe(sentences.join(' '));
    // The same text gives the same summary; a summary is not a sample.
    expect(centralSentences(gpl, 3)).toEqual(sentences);
  });

  it('summarize keeps the most representative sentences in order', () => {
    const text =
      'Budgets rose. The budget for hardware rose by ten percent. Lunch was nice. The budget for software budget rose too.';
    expect(summarizeText(text, 2)).toBe(
      'The budget for hardware rose by ten percent. The budget for software budget rose too.',
    );
  });
});
