import type { PlanTask } from '@studio/shared';
import { startFakeLlm, type ChatRequest, type FakeLlmServer, type FakeReply } from '@studio/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAILanguageModel } from '../llm/openai-language-model';
import { AgentHarness, FakeFileRetriever, TWO_FILES } from './test-support/harness';

/**
 * One behaviour test per setting that shapes a plan (orchestrator routing and rounds, planner,
 * agent generator): changing it changes what a real execution does.
 */
describe('the settings that bound a plan change what its agents do', () => {
  let llm: FakeLlmServer;
  let model: OpenAILanguageModel;
  let script: (request: ChatRequest) => FakeReply;
  let harness: AgentHarness;

  beforeAll(async () => {
    llm = await startFakeLlm({ respond: (request) => script(request) });
    model = new OpenAILanguageModel({ baseURL: llm.url, model: 'fake', retry: { maxRetries: 0 } });
  });
  afterAll(() => llm.stop());
  beforeEach(async () => {
    harness = await AgentHarness.create({ files: new FakeFileRetriever(TWO_FILES) });
  });
  afterEach(() => harness.close());

  /** A planner that answers `tasks`, and agents scripted by `agent`. */
  const plan = (tasks: PlanTask[], agent: (request: ChatRequest, task: string) => FakeReply) => {
    script = (request) =>
      request.response_format?.json_schema?.name === 'plan' ? { json: { tasks } } : agent(request, taskOf(request));
  };
  const run = async (message: string) => {
    const executionId = `exec-${Math.random().toString(36).slice(2)}`;
    await harness.run(message, { model, executionId }).catch(() => undefined);
    return harness.service.executions.get(executionId);
  };
  const statuses = async (message: string) =>
    (await run(message)).tasks.map((entry) => [entry.id, entry.status, entry.attempts, entry.error]);

  it('orchestrator.max_iterations: a task past the last round is skipped', async () => {
    plan([task('a', 'Step A'), task('b', 'Step B', ['a']), task('c', 'Step C', ['b'])], (_request, name) => ({
      content: `${name} done.`,
    }));
    expect(await statuses('First A, then B, then C.')).toEqual([
      ['a', 'completed', 1, undefined],
      ['b', 'completed', 1, undefined],
      ['c', 'completed', 1, undefined],
    ]);
    await harness.config.update({ section: 'orchestrator', values: { max_iterations: 2 } });
    expect(await statuses('First A, then B, then C.')).toEqual([
      ['a', 'completed', 1, undefined],
      ['b', 'completed', 1, undefined],
      ['c', 'skipped', 0, 'it would run in round 3, past orchestrator.max_iterations (2)'],
    ]);
  });

  it('orchestrator.max_iterations: a retry takes a round, so with one round a failed task is not retried', async () => {
    let calls = 0;
    plan([task('flaky', 'Flaky step')], () => (calls++ % 2 === 0 ? { status: 400 } : { content: 'Fine now.' }));
    expect(await statuses('Do the flaky step.')).toEqual([['flaky', 'completed', 2, undefined]]);
    await harness.config.update({ section: 'orchestrator', values: { max_iterations: 1 } });
    const [flaky] = (await run('Do the flaky step.')).tasks;
    expect(flaky).toMatchObject({ status: 'failed', attempts: 1 });
    expect(flaky?.error).toContain('no round left for a retry');
  });

  it('agent_generator.default_agent_max_steps: an agent needing three turns fails with fewer', async () => {
    // Two tool calls, then the answer: three model turns. A simple task gets 0.75 × the default.
    plan([task('look', 'Look twice')], (request) =>
      toolResults(request) < 2
        ? { toolCalls: [{ name: 'search_files', arguments: { query: 'launch date' } }] }
        : { content: 'Found it.' },
    );
    expect(await statuses('Look twice.')).toEqual([['look', 'completed', 1, undefined]]);
    await harness.config.update({ section: 'agent_generator', values: { default_agent_max_steps: 2 } });
    expect(await statuses('Look twice.')).toEqual([['look', 'failed', 2, 'step limit of 2 reached without an answer']]);
  });

  it('agent_generator.default_agent_max_tokens: the model is asked for, and held to, the scaled limit', async () => {
    const long = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ');
    plan([task('write', 'Write it')], () => ({ content: long }));
    expect(await statuses('Write it.')).toEqual([['write', 'completed', 1, undefined]]);
    expect(llm.requests.at(-1)?.max_tokens).toBe(1000);
    await harness.config.update({ section: 'agent_generator', values: { default_agent_max_tokens: 20 } });
    const [write] = (await run('Write it.')).tasks;
    expect(llm.requests.at(-1)?.max_tokens).toBe(10);
    expect(write).toMatchObject({ status: 'failed', error: expect.stringMatching(/^token limit of 10 reached/) });
  });

  it('agent_generator.agent_timeout_seconds: an agent that does not answer is stopped after the scaled time', async () => {
    plan([task('slow', 'Slow step')], () => ({ stall: true }));
    await harness.config.update({ section: 'orchestrator', values: { max_iterations: 1 } });
    await harness.config.update({ section: 'agent_generator', values: { agent_timeout_seconds: 2 } });
    const started = Date.now();
    const [slow] = (await run('Do the slow step.')).tasks;
    const elapsed = Date.now() - started;
    // Simple tier: half of 2 s.
    expect(slow).toMatchObject({ status: 'failed', error: expect.stringContaining('the agent ran past 1 s') });
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(10_000);
  });

  it('orchestrator.workflow_confidence_threshold: a workflow match below it runs as a plain plan', async () => {
    // The summarize workflow matches this with confidence 0.8.
    const message = 'Summarize the Project Alpha launch notes';
    const kindOf = async () => {
      const executionId = `exec-${Math.random().toString(36).slice(2)}`;
      await harness.run(message, { fileIds: ['alpha'], executionId });
      return (await harness.service.executions.get(executionId)).kind;
    };
    expect(await kindOf()).toBe('workflow');
    await harness.config.update({ section: 'orchestrator', values: { workflow_confidence_threshold: 0.9 } });
    expect(await kindOf()).toBe('plan');
  });

  it('planner.max_tasks_per_request: the offline plan folds the parts past the limit into its last task', async () => {
    const message = 'First find the Alpha launch date, then find the Beta budget, then compare them.';
    const offline = async () => {
      const executionId = `exec-${Math.random().toString(36).slice(2)}`;
      await harness.run(message, { fileIds: ['alpha', 'beta'], executionId }).catch(() => undefined);
      return (await harness.service.executions.get(executionId)).tasks;
    };
    expect(await offline()).toHaveLength(3);
    await harness.config.update({ section: 'planner', values: { max_tasks_per_request: 2 } });
    const tasks = await offline();
    expect(tasks).toHaveLength(2);
    expect(tasks[1]?.description).toContain('then compare them');
  });

  it('planner.min_task_complexity and max_task_complexity: tasks are clamped, and their agents get that tier', async () => {
    plan([task('a', 'Step A')], () => ({ content: 'Done.' }));
    const maxStepsSeen = async () => {
      harness.steps.length = 0;
      await run('Do step A.');
      return [...new Set(harness.steps.map((step) => step.maxSteps))];
    };
    // The model plans complexity 2: a simple agent, 3 steps.
    expect(await maxStepsSeen()).toEqual([3]);
    await harness.config.update({ section: 'planner', values: { min_task_complexity: 8, max_task_complexity: 10 } });
    expect((await run('Do step A.')).tasks[0]?.complexity).toBe(8);
    expect(await maxStepsSeen()).toEqual([12]);
    await harness.config.update({ section: 'planner', values: { min_task_complexity: 1, max_task_complexity: 1 } });
    plan([task('a', 'Step A', [], 9)], () => ({ content: 'Done.' }));
    expect((await run('Do step A.')).tasks[0]?.complexity).toBe(1);
  });

  it('planner.enable_task_optimization: two tasks with the same description run once only when it is on', async () => {
    plan([task('a', 'Same step'), task('b', 'Same step'), task('c', 'Use it', ['a', 'b'])], (_request, name) => ({
      content: `${name} done.`,
    }));
    expect((await run('Do the same step twice, then use it.')).tasks.map((entry) => entry.id)).toEqual(['a', 'c']);
    await harness.config.update({ section: 'planner', values: { enable_task_optimization: false } });
    expect((await run('Do the same step twice, then use it.')).tasks.map((entry) => entry.id)).toEqual(['a', 'b', 'c']);
  });

  it('agent_generator.max_concurrent_agents: independent tasks run at most that many at a time', async () => {
    plan([task('a', 'Step A'), task('b', 'Step B'), task('c', 'Step C')], (_request, name) => ({
      content: `${name} done.`,
      delayMs: 50,
    }));
    const mostRunning = async () => {
      harness.plans.length = 0;
      await run('Do A, B and C.');
      return Math.max(
        ...harness.plans.map((event) => event.tasks.filter((entry) => entry.status === 'running').length),
      );
    };
    expect(await mostRunning()).toBe(3);
    await harness.config.update({ section: 'agent_generator', values: { max_concurrent_agents: 1 } });
    expect(await mostRunning()).toBe(1);
  });

  it('agent_generator.available_tools: a tool taken off the list is not offered to the model', async () => {
    plan([{ ...task('a', 'Step A'), tools: ['search_files', 'calculator'] }], () => ({ content: 'Done.' }));
    const offered = async () => {
      await run('Do step A.');
      return (llm.requests.at(-1)?.tools ?? []).map((tool) => tool.function.name).sort();
    };
    expect(await offered()).toEqual(['calculator', 'search_files']);
    await harness.config.update({ section: 'agent_generator', values: { available_tools: ['calculator'] } });
    expect(await offered()).toEqual(['calculator']);
  });
});

function task(id: string, name: string, dependencies: string[] = [], complexity = 2): PlanTask {
  return {
    id,
    name,
    description: `${name} for the user`,
    dependencies,
    expectedOutput: 'facts',
    successCriteria: 'sourced',
    assignedAgent: 'researcher',
    complexity,
    tools: ['search_files'],
  };
}

/** The task an agent request belongs to: its system prompt names it. */
function taskOf(request: ChatRequest): string {
  return /Task: (.+?)\.\n/.exec(String(request.messages[0]?.content ?? ''))?.[1] ?? 'unknown';
}

function toolResults(request: ChatRequest): number {
  return request.messages.filter((message) => message.role === 'tool').length;
}
