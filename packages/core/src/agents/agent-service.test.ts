import type { PlanTask } from '@studio/shared';
import { startFakeLlm, type ChatRequest, type FakeLlmServer, type FakeReply } from '@studio/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BudgetExceededError } from '../errors/budget-exceeded-error';
import { CancelledError } from '../errors/cancelled-error';
import { OpenAILanguageModel } from '../llm/openai-language-model';
import { AgentService } from './agent-service';
import { createConsoleLogger } from '../logger';
import { AgentHarness, FakeFileRetriever, TWO_FILES } from './test-support/harness';

type Script = (request: ChatRequest) => FakeReply;

/** The task an agent request belongs to (its system prompt names it), or 'planner'. */
function taskOf(request: ChatRequest): string {
  if (request.response_format?.json_schema?.name === 'plan') return 'planner';
  return /Task: (.+?)\.\n/.exec(String(request.messages[0]?.content ?? ''))?.[1] ?? 'unknown';
}
const toolResults = (request: ChatRequest) => request.messages.filter((message) => message.role === 'tool');
const userText = (request: ChatRequest) =>
  String(request.messages.find((message) => message.role === 'user')?.content ?? '');

function task(id: string, name: string, dependencies: string[] = [], extra: Partial<PlanTask> = {}): PlanTask {
  return {
    id,
    name,
    description: `${name} for the user`,
    dependencies,
    expectedOutput: 'facts',
    successCriteria: 'sourced',
    assignedAgent: 'researcher',
    complexity: 2,
    ...extra,
  };
}

/** Two reads in parallel, then a writer that combines them. */
const readTwoThenCombine = (): PlanTask[] => [
  task('alpha', 'Read alpha'),
  task('beta', 'Read beta'),
  task('combine', 'Combine', ['alpha', 'beta'], { assignedAgent: 'writer' }),
];

describe('AgentService with a model: real agents calling real tools', () => {
  let llm: FakeLlmServer;
  let model: OpenAILanguageModel;
  let script: Script;
  let harness: AgentHarness;
  let retriever: FakeFileRetriever;

  beforeAll(async () => {
    llm = await startFakeLlm({ respond: (request) => script(request) });
    model = new OpenAILanguageModel({ baseURL: llm.url, model: 'fake', retry: { maxRetries: 0 } });
  });
  afterAll(() => llm.stop());
  beforeEach(async () => {
    retriever = new FakeFileRetriever(TWO_FILES);
    harness = await AgentHarness.create({ files: retriever });
  });
  afterEach(() => harness.close());

  const requestsFor = (name: string) => llm.requests.filter((request) => taskOf(request) === name);

  it('runs a parallel pair, then the dependent with both outputs, and streams the assembled answer', async () => {
    const start = llm.requests.length;
    script = (request) => {
      const name = taskOf(request);
      if (name === 'planner') {
        return {
          json: {
            tasks: readTwoThenCombine(),
          },
        };
      }
      if (name === 'Read alpha' || name === 'Read beta') {
        const file = name === 'Read alpha' ? 'alpha' : 'beta';
        if (toolResults(request).length === 0)
          return {
            toolCalls: [
              {
                name: 'search_files',
                arguments: { query: file === 'alpha' ? 'launch date' : 'budget', fileIds: [file] },
              },
            ],
            delayMs: 40,
          };
        return {
          content:
            file === 'alpha'
              ? 'Alpha launches in May 2027 (alpha.txt).'
              : 'Beta has a budget of 40,000 euros (beta.txt).',
          delayMs: 80,
        };
      }
      return { content: 'Alpha launches in May 2027 and Beta has a budget of 40,000 euros.' };
    };
    const result = await harness.run('First read alpha and beta, then combine what they say.', {
      model,
      fileIds: ['alpha', 'beta'],
    });

    expect(result.reply).toBe('Alpha launches in May 2027 and Beta has a budget of 40,000 euros.');
    expect(result.citations.map((citation) => citation.fileName).sort()).toEqual(['alpha.txt', 'beta.txt']);
    // The pair overlapped: one plan update shows both running at once; the dependent waited for both.
    const statusOf = (update: (typeof harness.plans)[number], id: string) =>
      update.tasks.find((entry) => entry.id === id)?.status;
    expect(
      harness.plans.some((update) => statusOf(update, 'alpha') === 'running' && statusOf(update, 'beta') === 'running'),
    ).toBe(true);
    const combineStarts = harness.plans.find((update) => statusOf(update, 'combine') === 'running');
    expect(combineStarts && [statusOf(combineStarts, 'alpha'), statusOf(combineStarts, 'beta')]).toEqual([
      'completed',
      'completed',
    ]);
    const combineRequest = requestsFor('Combine')[0];
    expect(userText(combineRequest ?? { model: '', messages: [] })).toContain(
      'Alpha launches in May 2027 (alpha.txt).',
    );
    expect(userText(combineRequest ?? { model: '', messages: [] })).toContain(
      'Beta has a budget of 40,000 euros (beta.txt).',
    );
    expect(llm.requests.length - start).toBe(6);

    // Every step of an agent is visible, in order.
    const alphaSteps = harness.steps
      .filter((step) => step.taskId === 'alpha')
      .map((step) => `${step.status}${step.tool ? `:${step.tool}` : ''}`);
    expect(alphaSteps).toEqual([
      'started',
      'thinking',
      'tool_call:search_files',
      'tool_result:search_files',
      'thinking',
      'completed',
    ]);
    expect(harness.timeline[0]?.topic).toBe('monitor-sample');
    const last = harness.samples.at(-1);
    expect(last).toMatchObject({
      executionId: result.executionId,
      completedTasks: 3,
      totalTasks: 3,
      activeAgents: 0,
      tokenBudget: 50_000,
    });
    expect(last?.tokensUsed).toBe(result.tokens);
    expect(last?.rssMb).toBeGreaterThan(10);

    const stored = await harness.service.executions.get(result.executionId);
    expect(stored).toMatchObject({
      status: 'completed',
      kind: 'plan',
      answer: result.reply,
      tokensUsed: result.tokens,
    });
    expect(stored.tasks.map((entry) => [entry.id, entry.status, entry.attempts])).toEqual([
      ['alpha', 'completed', 1],
      ['beta', 'completed', 1],
      ['combine', 'completed', 1],
    ]);
  });

  it('reports a failing tool to the model, which recovers, and shows the error as a step', async () => {
    script = (request) => {
      const name = taskOf(request);
      if (name === 'planner')
        return {
          json: { tasks: [task('ratio', 'Compute ratio', [], { assignedAgent: 'analyst', tools: ['calculator'] })] },
        };
      if (toolResults(request).length === 0)
        return { toolCalls: [{ name: 'calculator', arguments: { expression: '12 / (3 - 3)' } }] };
      return { content: `The ratio is undefined: ${String(toolResults(request)[0]?.content)}` };
    };
    const result = await harness.run('Compute the ratio of 12 to the difference of 3 and 3, step by step.', { model });
    expect(result.reply).toBe('The ratio is undefined: error: division by zero');
    expect(harness.steps.find((step) => step.status === 'tool_result')).toMatchObject({
      tool: 'calculator',
      message: 'error: division by zero',
    });
    expect((await harness.service.executions.get(result.executionId)).tasks[0]).toMatchObject({
      status: 'completed',
      attempts: 1,
    });
  });

  it('fails a task that overruns its step limit after one retry, skips its dependent, and answers from the rest', async () => {
    script = (request) => {
      const name = taskOf(request);
      if (name === 'planner')
        return {
          json: {
            tasks: [task('loop', 'Loop forever'), task('after', 'Use the loop', ['loop']), task('side', 'Side facts')],
          },
        };
      if (name === 'Side facts') return { content: 'Side facts are fine.' };
      return { toolCalls: [{ name: 'search_files', arguments: { query: 'launch' } }] };
    };
    const result = await harness.run('First loop, then use the loop; also list side facts.', { model });
    // Simple tier: three steps per attempt, two attempts.
    expect(requestsFor('Loop forever').slice(-6)).toHaveLength(6);
    const stored = await harness.service.executions.get(result.executionId);
    expect(stored.status).toBe('failed');
    expect(stored.tasks.find((entry) => entry.id === 'loop')).toMatchObject({
      status: 'failed',
      attempts: 2,
      error: 'step limit of 3 reached without an answer',
    });
    expect(stored.tasks.find((entry) => entry.id === 'after')).toMatchObject({
      status: 'skipped',
      error: 'depends on "Loop forever", which failed',
    });
    expect(harness.steps.filter((step) => step.taskId === 'loop').map((step) => step.status)).toContain('retrying');
    expect(result.reply).toContain('Side facts are fine.');
    expect(result.reply).toContain('Loop forever: failed — step limit of 3 reached without an answer');
  });

  it('repairs a cyclic plan on the second try', async () => {
    let planCalls = 0;
    script = (request) => {
      const name = taskOf(request);
      if (name === 'planner') {
        planCalls += 1;
        return planCalls === 1
          ? { json: { tasks: [task('a', 'Task A', ['b']), task('b', 'Task B', ['a'])] } }
          : { json: { tasks: [task('a', 'Task A'), task('b', 'Task B', ['a'])] } };
      }
      return { content: `${name} done.` };
    };
    const result = await harness.run('First do A, then do B.', { model });
    expect(planCalls).toBe(2);
    const repair = llm.requests.filter((request) => taskOf(request) === 'planner').at(-1);
    expect(String(repair?.messages.at(-1)?.content)).toContain('the dependencies form a cycle: a -> b -> a');
    expect(result.reply).toBe('Task B done.');
  });

  it('refuses a plan that is still cyclic after the repair, with a clear domain error', async () => {
    script = (request) =>
      taskOf(request) === 'planner'
        ? { json: { tasks: [task('a', 'Task A', ['b']), task('b', 'Task B', ['a'])] } }
        : { content: 'never' };
    const before = llm.requests.length;
    const executionId = 'exec-cyclic';
    const error = await harness
      .run('First do A, then do B.', { model, executionId })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'PLAN_INVALID', message: expect.stringContaining('cycle: a -> b -> a') });
    expect(llm.requests.length - before).toBe(2);
    expect(await harness.service.executions.get(executionId)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('cycle'),
    });
  });

  it('stops every agent at once when cancelled in the middle', async () => {
    script = (request) => {
      const name = taskOf(request);
      if (name === 'planner')
        return {
          json: { tasks: [task('one', 'Slow one'), task('two', 'Slow two'), task('end', 'End', ['one', 'two'])] },
        };
      return { stall: true };
    };
    const controller = new AbortController();
    const executionId = 'exec-cancel';
    const running = harness
      .run('First do the slow ones, then end.', { model, signal: controller.signal, executionId })
      .catch((caught: unknown) => caught);
    await vi.waitFor(() => expect(harness.steps.filter((step) => step.status === 'thinking')).toHaveLength(2));
    const requestsAtCancel = llm.requests.length;
    const cancelledAt = Date.now();
    controller.abort(new CancelledError('the answer was cancelled'));
    const error = await running;
    expect(Date.now() - cancelledAt).toBeLessThan(500);
    expect(error).toBeInstanceOf(CancelledError);
    const stored = await harness.service.executions.get(executionId);
    expect(stored.status).toBe('cancelled');
    expect(stored.tasks.map((entry) => entry.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(harness.plans.at(-1)?.tasks.every((entry) => entry.status === 'cancelled')).toBe(true);
    expect(llm.requests.length).toBe(requestsAtCancel);
  });

  it('streams the synthesis as its agent writes it, before the plan has finished', async () => {
    script = (request) => {
      const name = taskOf(request);
      if (name === 'planner')
        return {
          json: {
            tasks: readTwoThenCombine(),
          },
        };
      if (name === 'Combine') return { stall: true, afterTokens: ['Alpha launches ', 'in May'] };
      return { content: `${name} done.` };
    };
    const controller = new AbortController();
    const executionId = 'exec-streaming';
    let streamed = '';
    let heard: () => void = () => undefined;
    const composing = new Promise<void>((resolve) => (heard = resolve));
    const running = harness
      .run('First read alpha and beta, then combine what they say.', {
        model,
        signal: controller.signal,
        executionId,
        onToken: (text) => {
          streamed += text;
          if (streamed === 'Alpha launches in May') heard();
        },
      })
      .catch((caught: unknown) => caught);
    // The first words of the answer arrive while its agent is still writing (its reply never ends).
    await composing;
    expect((await harness.service.executions.get(executionId)).tasks.map((entry) => [entry.id, entry.status])).toEqual([
      ['alpha', 'completed'],
      ['beta', 'completed'],
      ['combine', 'running'],
    ]);
    controller.abort(new CancelledError('the answer was cancelled'));
    expect(await running).toBeInstanceOf(CancelledError);
    expect(streamed).toBe('Alpha launches in May');
  });

  it('stops at the overall token budget', async () => {
    await harness.config.update({ section: 'orchestrator', values: { token_budget: 1000 } });
    script = (request) =>
      taskOf(request) === 'planner'
        ? { json: { tasks: [task('a', 'Task A'), task('b', 'Task B', ['a'])] } }
        : { toolCalls: [{ name: 'search_files', arguments: { query: 'launch date' } }] };
    const executionId = 'exec-budget';
    const error = await harness
      .run('First do A, then do B.', { model, executionId })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BudgetExceededError);
    const stored = await harness.service.executions.get(executionId);
    expect(stored).toMatchObject({ status: 'failed', error: expect.stringContaining('over the budget of 1000') });
    expect(stored.tasks.map((entry) => entry.status)).toEqual(['failed', 'skipped']);
  });
});

describe('AgentService offline: the deterministic executor runs real tools', () => {
  let harness: AgentHarness;
  afterEach(() => harness.close());

  it('splits a multi-part request over two files into a chain whose answer cites both', async () => {
    const retriever = new FakeFileRetriever(TWO_FILES);
    harness = await AgentHarness.create({ files: retriever });
    const result = await harness.run(
      'First, when does Project Alpha launch? Then, what is the budget of Project Beta?',
      { fileIds: ['alpha', 'beta'] },
    );
    expect(result.reply).toContain(
      '**When does Project Alpha launch**\n“Project Alpha launches in May 2027. The launch date was agreed by the board.” (alpha.txt, page 1)',
    );
    expect(result.reply).toContain(
      '**What is the budget of Project Beta**\n“The budget of Project Beta is 40,000 euros.',
    );
    expect(result.citations.map((citation) => citation.fileName).sort()).toEqual(['alpha.txt', 'beta.txt']);
    expect(retriever.queries).toEqual([
      { query: 'when does Project Alpha launch?', fileIds: ['alpha', 'beta'] },
      { query: 'what is the budget of Project Beta?', fileIds: ['alpha', 'beta'] },
    ]);
    const stored = await harness.service.executions.get(result.executionId);
    expect(stored.tasks.map((entry) => [entry.id, entry.dependencies, entry.status])).toEqual([
      ['task_1', [], 'completed'],
      ['task_2', ['task_1'], 'completed'],
    ]);
    expect(harness.steps.filter((step) => step.status === 'tool_call').map((step) => step.tool)).toEqual([
      'search_files',
      'search_files',
    ]);
  });

  it('runs a predefined workflow chosen by its triggers', async () => {
    harness = await AgentHarness.create({ files: new FakeFileRetriever(TWO_FILES) });
    const message = 'Summarize the Project Alpha launch notes and extract the key points';
    expect(harness.service.route(message, ['alpha'])).toMatchObject({
      kind: 'workflow',
      workflow: 'summarize_extract',
    });
    const result = await harness.run(message, { fileIds: ['alpha'] });
    const stored = await harness.service.executions.get(result.executionId);
    expect(stored).toMatchObject({ kind: 'workflow', workflow: 'summarize_extract', status: 'completed' });
    expect(stored.tasks.map((entry) => [entry.id, entry.assignedAgent])).toEqual([
      ['gather', 'researcher'],
      ['summarize', 'summarizer'],
      ['extract', 'analyst'],
    ]);
    expect(result.reply).toContain('**Summarize**\nalpha.txt, in short: Project Alpha launches in May 2027.');
    expect(result.reply).toContain('**Extract key points**\nFrom alpha.txt:\n- Project Alpha launches in May 2027.');
    // The gathering step feeds the others; the answer shows what they made of it.
    expect(result.reply).not.toContain('**Gather content**');
    expect(result.citations.map((citation) => citation.chunkId)).toEqual(['alpha:0']);
  });

  it('marks executions left running by a previous process as interrupted', async () => {
    harness = await AgentHarness.create({});
    await harness.run('What is 12 * (3 + 4)? What is 2 ^ 10?');
    const dbFile = `${harness.dir}/studio.db`;
    await harness.db.run("UPDATE executions SET status = 'running'");
    const restarted = new AgentService({
      db: harness.db,
      bus: harness.bus,
      config: harness.config,
      logger: createConsoleLogger('silent'),
      ports: {},
    });
    await restarted.executions.start();
    const [execution] = (await restarted.executions.list({})).items;
    expect(dbFile).toContain('studio.db');
    expect(execution).toMatchObject({
      status: 'interrupted',
      error: 'INTERRUPTED: the server stopped before this execution finished',
    });
    // Each result under its task, the calculator's as the number alone.
    expect(execution?.answer).toContain('**What is 12 * (3 + 4)**\n84\n\n**What is 2 ^ 10**\n1024');
  });
});
