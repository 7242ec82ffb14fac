import { compareEventIds } from '@studio/core';
import type { AgentEvent, ChatEvent, MonitoringEvent, PlanGraphEvent } from '@studio/shared';
import { startFakeLlm, type ChatRequest, type FakeLlmServer, type FakeReply } from '@studio/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collect, startTestStudio, uploadAndIndex, type TestStudio } from './helpers';

type Tracked<T> = { id: string; data: T };

describe('a multi-part request runs as a visible plan over WebSocket (offline)', () => {
  let app: TestStudio;

  beforeAll(async () => {
    app = await startTestStudio();
  });
  afterAll(() => app.close());

  it('cites both uploaded files, and plan-update, agent-step and monitor-sample arrive in order', async () => {
    const alpha = await uploadAndIndex(
      app,
      'alpha.txt',
      'Project Alpha launches in May 2027. The launch date was agreed by the board after a long review.',
    );
    const beta = await uploadAndIndex(
      app,
      'beta.txt',
      'The budget of Project Beta is 40,000 euros. The budget covers hardware only, not salaries.',
    );
    const { trpc } = app.client({ transport: 'ws' });
    const since = `${Date.now() - 1}-999999`;
    const plans: Tracked<PlanGraphEvent>[] = [];
    const steps: Tracked<AgentEvent>[] = [];
    const samples: Tracked<MonitoringEvent>[] = [];
    const handlers = <T>(into: Tracked<T>[]) => ({
      onData: (event: Tracked<T>) => void into.push(event),
      onError: (error: unknown) => {
        throw error;
      },
    });
    const subscriptions = [
      trpc.events.planGraph.subscribe({ lastEventId: since }, handlers(plans)),
      trpc.events.agents.subscribe({ lastEventId: since }, handlers(steps)),
      trpc.events.monitoring.subscribe({ lastEventId: since }, handlers(samples)),
    ];

    const chat = await collect<Tracked<ChatEvent>>(
      (chatHandlers) =>
        trpc.chat.stream.subscribe(
          {
            message: 'First, when does Project Alpha launch? Then, what is the budget of Project Beta?',
            fileIds: [alpha.fileId, beta.fileId],
          },
          chatHandlers,
        ),
      (events) => ['end', 'error'].includes(events.at(-1)?.data.type ?? ''),
    );
    const start = chat[0]?.data;
    const end = chat.at(-1)?.data;
    if (start?.type !== 'start' || end?.type !== 'end')
      throw new Error(`unexpected chat events ${JSON.stringify(chat.map((event) => event.data))}`);
    // Each task's result under its task, quoted verbatim with its file.
    expect(end.reply).toContain('**When does Project Alpha launch**\n“Project Alpha launches in May 2027.');
    expect(end.reply).toContain('**What is the budget of Project Beta**\n“The budget of Project Beta is 40,000 euros.');
    expect(end.reply).toMatch(/” \(alpha\.txt\)[\s\S]*” \(beta\.txt\)/);
    expect(new Set(end.citations.map((citation) => citation.fileId))).toEqual(new Set([alpha.fileId, beta.fileId]));
    expect(
      chat
        .filter((event) => event.data.type === 'token')
        .map((event) => (event.data.type === 'token' ? event.data.text : ''))
        .join(''),
    ).toBe(end.reply);

    const executionId = start.executionId;
    await vi.waitFor(() =>
      expect(samples.filter((sample) => sample.data.executionId === executionId).at(-1)?.data.completedTasks).toBe(2),
    );
    for (const subscription of subscriptions) subscription.unsubscribe();
    const mine = <T extends { executionId: string }>(events: Tracked<T>[]) =>
      events.filter((event) => event.data.executionId === executionId);
    const [planEvents, stepEvents, sampleEvents] = [mine(plans), mine(steps), mine(samples)];

    // Each stream is in order, and across streams the ids tell one story.
    for (const stream of [planEvents, stepEvents, sampleEvents]) {
      const ids = stream.map((event) => event.id);
      expect([...ids].sort(compareEventIds)).toEqual(ids);
    }
    expect(planEvents[0]?.data.tasks.map((task) => [task.id, task.status, task.dependencies])).toEqual([
      ['task_1', 'pending', []],
      ['task_2', 'pending', ['task_1']],
    ]);
    expect(planEvents.at(-1)?.data.tasks.map((task) => task.status)).toEqual(['completed', 'completed']);
    const firstStep = stepEvents[0];
    expect(firstStep?.data).toMatchObject({ taskId: 'task_1', status: 'started' });
    expect(compareEventIds(planEvents[0]?.id ?? '', firstStep?.id ?? '')).toBeLessThan(0);
    expect(stepEvents.map((event) => `${event.data.taskId}:${event.data.status}`)).toEqual([
      'task_1:started',
      'task_1:tool_call',
      'task_1:tool_result',
      'task_1:completed',
      'task_2:started',
      'task_2:tool_call',
      'task_2:tool_result',
      'task_2:completed',
    ]);
    expect(stepEvents.find((event) => event.data.status === 'tool_call')?.data.tool).toBe('search_files');
    expect(sampleEvents.length).toBeGreaterThanOrEqual(2);
    expect(compareEventIds(sampleEvents[0]?.id ?? '', firstStep?.id ?? '')).toBeLessThan(0);
    expect(sampleEvents.at(-1)?.data).toMatchObject({
      activeAgents: 0,
      completedTasks: 2,
      totalTasks: 2,
      tokensUsed: 0,
      tokenBudget: 50_000,
    });
    expect(sampleEvents.at(-1)?.data.rssMb).toBeGreaterThan(10);

    const execution = await trpc.executions.get.query({ executionId });
    expect(execution).toMatchObject({ status: 'completed', kind: 'plan', answer: end.reply });
  });
});

describe('a plan with a model over WebSocket', () => {
  let llm: FakeLlmServer;
  let app: TestStudio;
  const taskOf = (request: ChatRequest) =>
    request.response_format?.json_schema?.name === 'plan'
      ? 'planner'
      : (/Task: (.+?)\.\n/.exec(String(request.messages[0]?.content ?? ''))?.[1] ?? '');
  const planTask = (id: string, name: string, dependencies: string[] = []) => ({
    id,
    name,
    description: name,
    dependencies,
    expectedOutput: 'facts',
    successCriteria: 'sourced',
    assignedAgent: 'researcher',
    complexity: 2,
  });

  let script: (request: ChatRequest) => FakeReply;
  beforeAll(async () => {
    llm = await startFakeLlm({ respond: (request) => script(request) });
    app = await startTestStudio({ studio: { llm: { baseURL: llm.url, model: 'fake', retry: { maxRetries: 0 } } } });
  });
  afterAll(async () => {
    await app.close();
    await llm.stop();
  });

  it('agents search and read the real uploaded files, and the answer cites both', async () => {
    const alpha = await uploadAndIndex(
      app,
      'alpha.txt',
      'Project Alpha launches in May 2027. The launch date was agreed by the board after a long review.',
    );
    const beta = await uploadAndIndex(
      app,
      'beta.txt',
      'The budget of Project Beta is 40,000 euros. The budget covers hardware only, not salaries.',
    );
    script = (request) => {
      const name = taskOf(request);
      if (name === 'planner') {
        return {
          json: {
            tasks: [
              planTask('alpha', 'Find the launch'),
              planTask('beta', 'Find the budget'),
              { ...planTask('both', 'Combine', ['alpha', 'beta']), assignedAgent: 'writer' },
            ],
          },
        };
      }
      const tools = request.messages
        .filter((message) => message.role === 'tool')
        .map((message) => String(message.content));
      if (name === 'Combine') return { content: 'Alpha launches in May 2027; Beta has 40,000 euros for hardware.' };
      if (tools.length === 0)
        return {
          toolCalls: [
            {
              name: 'search_files',
              arguments: { query: name === 'Find the launch' ? 'launch date Alpha' : 'budget Beta' },
            },
          ],
        };
      const chunkId = /\(chunk ([^)]+)\)/.exec(tools[0] ?? '')?.[1] ?? 'missing';
      if (tools.length === 1) return { toolCalls: [{ name: 'read_chunk', arguments: { chunkId } }] };
      return { content: tools[1]?.includes('May 2027') ? 'Alpha launches in May 2027.' : 'Beta has 40,000 euros.' };
    };
    const { trpc } = app.client({ transport: 'ws' });
    const events = await collect<Tracked<ChatEvent>>(
      (handlers) =>
        trpc.chat.stream.subscribe(
          {
            message: 'First find the Alpha launch and the Beta budget, then combine them.',
            fileIds: [alpha.fileId, beta.fileId],
          },
          handlers,
        ),
      (received) => ['end', 'error'].includes(received.at(-1)?.data.type ?? ''),
    );
    const end = events.at(-1)?.data;
    if (end?.type !== 'end') throw new Error(`expected end, got ${JSON.stringify(end)}`);
    expect(end.reply).toBe('Alpha launches in May 2027; Beta has 40,000 euros for hardware.');
    expect(new Set(end.citations.map((citation) => citation.fileName))).toEqual(new Set(['alpha.txt', 'beta.txt']));
    const start = events[0]?.data;
    const execution = await trpc.executions.get.query({
      executionId: start?.type === 'start' ? start.executionId : '',
    });
    expect(execution.tasks.map((task) => [task.id, task.status, task.output])).toEqual([
      ['alpha', 'completed', 'Alpha launches in May 2027.'],
      ['beta', 'completed', 'Beta has 40,000 euros.'],
      ['both', 'completed', 'Alpha launches in May 2027; Beta has 40,000 euros for hardware.'],
    ]);
  });

  it('chat.cancel in the middle stops every agent at once and the execution reads back as cancelled', async () => {
    script = (request) =>
      taskOf(request) === 'planner'
        ? {
            json: {
              tasks: [planTask('one', 'Slow one'), planTask('two', 'Slow two'), planTask('end', 'End', ['one', 'two'])],
            },
          }
        : { stall: true };
    const { trpc } = app.client({ transport: 'ws' });
    const requestsBefore = llm.requests.length;
    const steps: AgentEvent[] = [];
    const stepSubscription = trpc.events.agents.subscribe(
      { lastEventId: `${Date.now() - 1}-999999` },
      { onData: (event) => void steps.push(event.data) },
    );
    const chat = collect<Tracked<ChatEvent>>(
      (handlers) => trpc.chat.stream.subscribe({ message: 'First do the slow ones, then do the end.' }, handlers),
      (events) => ['end', 'error'].includes(events.at(-1)?.data.type ?? ''),
    );
    await vi.waitFor(() => expect(steps.filter((step) => step.status === 'thinking')).toHaveLength(2), {
      timeout: 10_000,
    });
    const executionId = steps[0]?.executionId ?? '';
    // An agent reports 'thinking' just before its request leaves: wait until both (and the plan's) have arrived.
    await vi.waitFor(() => expect(llm.requests.length - requestsBefore).toBe(3));
    const requestsAtCancel = llm.requests.length;
    const cancelledAt = Date.now();
    expect(await trpc.chat.cancel.mutate({ executionId })).toEqual({ executionId, cancelled: true });
    const events = await chat;
    expect(Date.now() - cancelledAt).toBeLessThan(1000);
    expect(events.at(-1)?.data).toMatchObject({ type: 'error', code: 'CANCELLED' });
    stepSubscription.unsubscribe();
    await vi.waitFor(async () => expect((await trpc.executions.get.query({ executionId })).status).toBe('cancelled'));
    const execution = await trpc.executions.get.query({ executionId });
    expect(execution.tasks.map((task) => task.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(llm.requests.length).toBe(requestsAtCancel);
  });
});
