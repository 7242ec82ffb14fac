import type { Citation, ExecutionTask } from '@studio/shared';
import { describe, expect, it } from 'vitest';
import type { AgentRunInput } from './agent-runner';
import { AnswerComposer } from './answer-composer';

const task = (id: string, dependencies: string[] = [], extra: Partial<ExecutionTask> = {}): ExecutionTask => ({
  id,
  name: `Task ${id}`,
  description: id,
  dependencies,
  expectedOutput: 'facts',
  successCriteria: 'sourced',
  assignedAgent: 'analyst',
  complexity: 2,
  status: 'pending',
  attempts: 0,
  ...extra,
});
const done = (base: ExecutionTask, output: string): ExecutionTask => ({ ...base, status: 'completed', output });

describe('AnswerComposer', () => {
  it('sends each section in plan order as soon as the tasks before it have finished', () => {
    const parts: string[] = [];
    const plan = [task('a'), task('b'), task('c')];
    const composer = new AnswerComposer(plan, 'rules', (text) => parts.push(text));
    // b finishes first: it waits for a.
    composer.update([plan[0] as ExecutionTask, done(plan[1] as ExecutionTask, 'B'), plan[2] as ExecutionTask]);
    expect(parts).toEqual([]);
    composer.update([
      done(plan[0] as ExecutionTask, 'A'),
      done(plan[1] as ExecutionTask, 'B'),
      plan[2] as ExecutionTask,
    ]);
    expect(parts).toEqual(['**Task a**\nA', '\n\n**Task b**\nB']);
    const failed = { ...(plan[2] as ExecutionTask), status: 'failed' as const, error: 'no luck' };
    const citation: Citation = { fileId: 'f', fileName: 'f.txt', chunkId: 'f:0', snippet: 's', score: 1 };
    const answer = composer.finish(
      [done(plan[0] as ExecutionTask, 'A'), done(plan[1] as ExecutionTask, 'B'), failed],
      new Map([
        ['a', [citation]],
        ['c', [citation]],
      ]),
    );
    expect(answer).toEqual({
      reply: '**Task a**\nA\n\n**Task b**\nB\n\n_Task c: failed — no luck_',
      citations: [citation],
    });
    expect(parts.join('')).toBe(answer.reply);
  });

  it("streams the synthesis step's words as its agent writes them; a retry starts a new paragraph", async () => {
    const parts: string[] = [];
    const plan = [task('a'), task('b'), task('s', ['a', 'b'])];
    const composer = new AnswerComposer(plan, 'llm', (text) => parts.push(text));
    const writes: ((text: string) => void)[] = [];
    const runner = composer.streaming({
      run: async (input) => {
        if (input.onText) writes.push(input.onText);
        return { output: '', sources: [], tokensUsed: 0 };
      },
    });
    // The composer reads only the task of a run's input.
    const input = (id: string) => ({ task: task(id) }) as unknown as AgentRunInput;
    await runner.run(input('a'));
    await runner.run(input('s'));
    expect(writes).toHaveLength(1);
    writes[0]?.('Both ');
    writes[0]?.('agree');
    expect(parts).toEqual(['Both ', 'agree']);
    await runner.run(input('s'));
    writes[0]?.(' late');
    writes[1]?.('Both agree.');
    const answer = composer.finish(
      [
        done(plan[0] as ExecutionTask, 'A'),
        done(plan[1] as ExecutionTask, 'B'),
        done(plan[2] as ExecutionTask, 'Both agree.'),
      ],
      new Map(),
    );
    expect(answer.reply).toBe('Both agree\n\nBoth agree.');
    expect(parts.join('')).toBe(answer.reply);
  });

  it('gives a synthesis that did not stream whole when it completes', () => {
    const parts: string[] = [];
    const plan = [task('a'), task('s', ['a'])];
    const composer = new AnswerComposer(plan, 'workflow', (text) => parts.push(text));
    composer.update([done(plan[0] as ExecutionTask, 'A'), plan[1] as ExecutionTask]);
    expect(parts).toEqual([]);
    composer.update([done(plan[0] as ExecutionTask, 'A'), done(plan[1] as ExecutionTask, 'Summary.')]);
    expect(parts).toEqual(['Summary.']);
  });
});
