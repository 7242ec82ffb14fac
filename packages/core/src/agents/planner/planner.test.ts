import type { PlanTask } from '@studio/shared';
import { describe, expect, it } from 'vitest';
import { findPlanProblems, mergeDuplicateTasks } from '../plan-graph';
import { routeRequest } from '../routing';
import { planTasks } from './rule-planner';
import { splitRequest } from './split-request';
import { matchWorkflow, workflowTasks } from './workflows';

const bounds = { maxTasks: 10, minComplexity: 1, maxComplexity: 5 };

describe('splitting a request offline', () => {
  it.each([
    [
      'First summarize alpha.txt, then list the risks in beta.txt and then compare them.',
      ['summarize alpha.txt', 'list the risks in beta.txt', 'compare them.'],
      'sequence',
    ],
    [
      'Please do this:\n1. Find the budget\n2. Compute 12*4\n3) Summarize it',
      ['Find the budget', 'Compute 12*4', 'Summarize it'],
      'sequence',
    ],
    ['Read the file. Next, summarize it.', ['Read the file.', 'summarize it.'], 'sequence'],
    [
      'What is the launch date? Who owns the budget?',
      ['What is the launch date?', 'Who owns the budget?'],
      'questions',
    ],
    ['When is the next meeting?', ['When is the next meeting?'], 'single'],
    ['What happened back then?', ['What happened back then?'], 'single'],
  ])('%j', (message, parts, shape) => {
    expect(splitRequest(message)).toEqual({ parts, shape });
  });

  it('chains sequence steps, keeps questions independent, and respects max_tasks_per_request', () => {
    const chain = planTasks({
      message: 'First find the budget, then compute 12 * 4, and then summarize it.',
      ...bounds,
    });
    expect(chain.map((task) => [task.id, task.dependencies, task.assignedAgent])).toEqual([
      ['task_1', [], 'researcher'],
      ['task_2', ['task_1'], 'analyst'],
      ['task_3', ['task_2'], 'summarizer'],
    ]);
    const questions = planTasks({ message: 'What is the launch date? Who owns the budget?', ...bounds });
    expect(questions.map((task) => task.dependencies)).toEqual([[], []]);
    const limited = planTasks({
      message: '1. one thing 2. two things 3. three things 4. four things',
      ...bounds,
      maxTasks: 2,
    });
    expect(limited.map((task) => task.description)).toEqual([
      'one thing',
      'two things; then three things; then four things',
    ]);
    const clamped = planTasks({
      message: 'Analyze, compare and evaluate the trade-offs in detail',
      ...bounds,
      maxComplexity: 3,
    });
    expect(clamped[0]?.complexity).toBe(3);
  });
});

describe('routing a request', () => {
  it('answers simple requests directly and plans multi-part or demanding ones', () => {
    expect(routeRequest('What is the notice period?', [], 0.7)).toMatchObject({ kind: 'direct' });
    expect(routeRequest('First read alpha, then read beta.', [], 0.7)).toMatchObject({ kind: 'plan', confidence: 1 });
    expect(routeRequest('Please analyze and compare the trade-offs of both designs in detail', [], 0.7).kind).toBe(
      'plan',
    );
    expect(routeRequest('Please analyze and compare the trade-offs of both designs in detail', [], 0.95).kind).toBe(
      'direct',
    );
  });

  it('chooses a predefined workflow by trigger match', () => {
    expect(matchWorkflow('Summarize the report and extract the key points', ['f1'])).toEqual({
      name: 'summarize_extract',
      confidence: 1,
    });
    expect(routeRequest('Compare the differences between these two contracts', ['f1', 'f2'], 0.7)).toMatchObject({
      kind: 'workflow',
      workflow: 'compare_synthesize',
    });
    expect(routeRequest('What text is in the screenshot?', ['f1'], 0.7)).toMatchObject({
      kind: 'workflow',
      workflow: 'image_ocr_qa',
    });
    const tasks = workflowTasks('compare_synthesize', 'Compare A and B', 4);
    expect(tasks.map((task) => [task.id, task.dependencies])).toEqual([
      ['analyze_a', []],
      ['analyze_b', []],
      ['synthesize', ['analyze_a', 'analyze_b']],
    ]);
    expect(findPlanProblems(tasks)).toEqual([]);
  });
});

describe('checking a plan graph', () => {
  const node = (id: string, dependencies: string[]): PlanTask => ({
    id,
    name: id,
    description: id,
    dependencies,
    expectedOutput: '',
    successCriteria: '',
    assignedAgent: 'researcher',
    complexity: 1,
  });

  it('finds cycles, unknown and self dependencies, and duplicate ids', () => {
    expect(findPlanProblems([node('a', []), node('b', ['a'])])).toEqual([]);
    expect(findPlanProblems([node('a', ['c']), node('b', ['a']), node('c', ['b'])])).toEqual([
      'the dependencies form a cycle: a -> c -> b -> a',
    ]);
    expect(findPlanProblems([node('a', ['ghost'])])).toEqual(['task "a" depends on unknown task "ghost"']);
    expect(findPlanProblems([node('a', ['a'])])).toEqual(['task "a" depends on itself']);
    expect(findPlanProblems([node('a', []), node('a', [])])).toEqual(['task id "a" is used twice']);
    expect(findPlanProblems([])).toEqual(['the plan has no tasks']);
  });

  it('merges a task that repeats an earlier one and rewires its dependents', () => {
    const tasks = [node('a', []), { ...node('b', []), description: 'A!' }, node('c', ['b'])];
    expect(mergeDuplicateTasks(tasks).map((task) => [task.id, task.dependencies])).toEqual([
      ['a', []],
      ['c', ['a']],
    ]);
  });
});
