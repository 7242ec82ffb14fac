import type { ChatEvent, MemoryHit, SearchHit } from '@studio/shared';
import { startFakeLlm, type FakeLlmServer } from '@studio/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigService } from '../config/config-service';
import { InMemoryEventBus } from '../events/in-memory-event-bus';
import { OpenAILanguageModel } from '../llm/openai-language-model';
import { createConsoleLogger } from '../logger';
import type { FileRetriever } from '../ports/file-retriever';
import type { ChatTurn, MemoryRecall } from '../ports/memory-recall';
import { openDatabase } from '../store/database';
import { allMigrations } from '../all-migrations';
import type { Sql } from '../store/sql';
import { WorkTracker } from '../work-tracker';
import { ChatService, type ChatServiceOptions } from './chat-service';
import type { PlanRunner } from './plan-runner';
import { AgentService } from '../agents/agent-service';

const hits: SearchHit[] = [
  {
    chunkId: 'c1',
    fileId: 'f1',
    fileName: 'report.pdf',
    text: 'The 2026 budget is 42,000 euros. It was approved in March.',
    score: 0.91,
    page: 3,
  },
  {
    chunkId: 'c2',
    fileId: 'f2',
    fileName: 'notes.md',
    text: 'Travel costs are tracked separately from the budget.',
    score: 0.52,
  },
];

/** A retriever that returns fixed passages and records what it was asked. */
class FakeRetriever implements FileRetriever {
  readonly calls: { query: string; fileIds?: string[]; k?: number }[] = [];
  constructor(private readonly result: SearchHit[]) {}
  async search(input: { query: string; fileIds?: string[]; k?: number }): Promise<SearchHit[]> {
    this.calls.push(input);
    return this.result.filter((hit) => !input.fileIds || input.fileIds.includes(hit.fileId));
  }
}

/** Memory recall with one profile memory; records captured turns. */
class FakeMemory implements MemoryRecall {
  readonly captured: ChatTurn[] = [];
  async recall(): Promise<{ profile: MemoryHit[]; relevant: MemoryHit[] }> {
    const at = new Date().toISOString();
    return {
      profile: [
        {
          id: 'm1',
          type: 'profile',
          content: 'The user is the finance lead.',
          metadata: {},
          userId: 'default',
          createdAt: at,
          updatedAt: at,
          score: 1,
        },
      ],
      relevant: [],
    };
  }
  captureTurn(turn: ChatTurn): void {
    this.captured.push(turn);
  }
}

async function drain(
  stream: AsyncIterable<{ id: string; event: ChatEvent }>,
): Promise<{ id: string; event: ChatEvent }[]> {
  const events: { id: string; event: ChatEvent }[] = [];
  for await (const item of stream) events.push(item);
  return events;
}

describe('ChatService', () => {
  let llm: FakeLlmServer;
  let dir: string;
  let db: Sql;
  let config: ConfigService;
  let work: WorkTracker;
  let bus: InMemoryEventBus;
  const logger = createConsoleLogger('silent');

  beforeAll(async () => {
    llm = await startFakeLlm();
  });
  afterAll(() => llm.stop());

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'studio-chat-'));
    db = await openDatabase({ file: join(dir, 'studio.db') }, allMigrations);
    bus = new InMemoryEventBus();
    config = new ConfigService({ dir: join(dir, 'config'), db, bus, logger, watch: false });
    await config.start();
    work = new WorkTracker();
  });
  afterEach(async () => {
    await work.drain(500);
    await config.stop();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const model = () =>
    new OpenAILanguageModel({
      baseURL: llm.url,
      model: 'fake',
      stallTimeoutMs: 5000,
      retry: { baseDelayMs: 5, maxDelayMs: 10, maxRetries: 2 },
    });
  const service = (overrides: Partial<ChatServiceOptions> = {}) =>
    new ChatService({
      db,
      bus,
      config,
      work,
      logger,
      model: model(),
      retriever: new FakeRetriever(hits),
      ...overrides,
    });

  it('answers from file passages with numbered sources and citations mapped to real chunks', async () => {
    const retriever = new FakeRetriever(hits);
    const memory = new FakeMemory();
    const chat = service({ retriever, memory });
    llm.enqueue({ content: 'The budget is 42,000 euros [1].' });
    const events = (await drain(chat.stream({ message: 'What is the budget?', fileIds: ['f1'] }))).map(
      (item) => item.event,
    );

    expect(events[0]).toMatchObject({ type: 'start', mode: 'llm' });
    const tokens = events.flatMap((event) => (event.type === 'token' ? [event.text] : []));
    const end = events.at(-1);
    expect(end).toMatchObject({ type: 'end', reply: 'The budget is 42,000 euros [1].' });
    expect(tokens.join('')).toBe(end?.type === 'end' ? end.reply : '');
    expect(events.filter((event) => event.type === 'citation')).toEqual([
      {
        type: 'citation',
        citation: expect.objectContaining({ fileId: 'f1', chunkId: 'c1', fileName: 'report.pdf', page: 3 }),
      },
    ]);
    expect(retriever.calls[0]).toMatchObject({ query: 'What is the budget?', fileIds: ['f1'], k: 10 });
    const system = String(llm.requests.at(-1)?.messages[0]?.content);
    expect(system).toContain('[1] report.pdf, page 3');
    expect(system).toContain('The user is the finance lead.');
    expect(memory.captured).toEqual([
      expect.objectContaining({
        userMessage: 'What is the budget?',
        assistantReply: 'The budget is 42,000 euros [1].',
      }),
    ]);
  });

  it('keeps sessions with a short title and returns history with citations', async () => {
    const retriever = new FakeRetriever(hits);
    const chat = service({ retriever });
    llm.enqueue({ content: 'It is 42,000 euros [1].' }, { content: 'Travel is separate [2].' });
    const first = await chat.send({ message: 'What is the approved budget for the whole of 2026 across all teams?' });
    await chat.send({ sessionId: first.sessionId, message: 'And travel?' });
    // The second request carries the first turn as history.
    const roles = llm.requests.at(-1)?.messages.map((message) => message.role);
    expect(roles).toEqual(['system', 'user', 'assistant', 'user']);
    // A short follow-up is searched together with the question it follows.
    expect(retriever.calls.at(-1)?.query).toBe(
      'What is the approved budget for the whole of 2026 across all teams?\nAnd travel?',
    );

    const { messages } = await chat.history(first.sessionId);
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(messages[3]).toMatchObject({
      content: 'Travel is separate [2].',
      citations: [expect.objectContaining({ chunkId: 'c2' })],
    });
    const { items } = await chat.sessions();
    expect(items[0]).toMatchObject({ sessionId: first.sessionId, messageCount: 4 });
    expect(items[0]?.title.length).toBeLessThanOrEqual(61);
    expect(items[0]?.title).toMatch(/^What is the approved budget/);
    await expect(chat.history('nope')).rejects.toThrow(/not found/);
  });

  it('answers offline from the most relevant passages, cited with file and page', async () => {
    const chat = service({ model: undefined, memory: new FakeMemory() });
    const result = await chat.send({ message: 'What is the budget for 2026?' });
    expect(result.mode).toBe('offline');
    expect(result.reply).toContain('No language model is configured');
    expect(result.reply).toContain('[1] report.pdf, page 3: “The 2026 budget is 42,000 euros.');
    // A profile memory that shares no word with the question is not quoted.
    expect(result.reply).not.toContain('The user is the finance lead.');
    expect(result.citations[0]).toMatchObject({ fileId: 'f1', chunkId: 'c1', page: 3 });
  });

  it('says plainly when offline and nothing matches', async () => {
    const chat = service({ model: undefined, retriever: new FakeRetriever([]) });
    const result = await chat.send({ message: 'Who won the match?' });
    expect(result.reply).toMatch(/No language model is configured.*nothing in them matches/);
    expect(result.citations).toEqual([]);
  });

  it('ends with a clear error event when the provider keeps failing and fallback_behavior is error', async () => {
    await config.update({ section: 'orchestrator', values: { fallback_behavior: 'error' } });
    const chat = service();
    llm.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const events = (await drain(chat.stream({ message: 'hi' }))).map((item) => item.event);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'LLM_UNAVAILABLE',
      message: expect.stringContaining('HTTP 500'),
    });
    llm.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    await expect(chat.send({ message: 'hi' })).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE' });
  });

  it('by default answers offline when the model fails, saying the model did not answer (not that none is set)', async () => {
    const chat = service();
    llm.enqueue({ status: 503 }, { status: 503 }, { status: 503 });
    const failing = await chat.send({ message: 'What is the budget for 2026?' });
    expect(failing.mode).toBe('offline');
    expect(failing.reply).toMatch(/^The language model did not answer \(the language model failed \(HTTP 503\)/);
    expect(failing.reply).not.toContain('No language model is configured');
    expect(failing.citations[0]).toMatchObject({ chunkId: 'c1' });

    // A model at an address where nothing listens: the answer names that address.
    const gone = await startFakeLlm();
    const address = gone.url;
    await gone.stop();
    const unreachable = new OpenAILanguageModel({
      baseURL: address,
      apiKey: 'k',
      model: 'fake',
      logger,
      retry: { maxRetries: 0 },
    });
    const reply = (await service({ model: unreachable }).send({ message: 'What is the budget for 2026?' })).reply;
    expect(reply).toContain(`cannot reach the language model at ${address}`);
    expect(reply).toContain('[1] report.pdf, page 3');
  });

  it('falls back to the offline answer when configured to', async () => {
    await config.update({ section: 'orchestrator', values: { fallback_behavior: 'offline_answer' } });
    const chat = service();
    llm.enqueue({ status: 400 });
    const result = await chat.send({ message: 'budget?' });
    expect(result.mode).toBe('offline');
    expect(result.citations[0]).toMatchObject({ chunkId: 'c1' });
  });

  it('cancels mid-stream at once', async () => {
    const chat = service();
    llm.enqueue({ content: Array.from({ length: 200 }, (_, index) => `w${index}`).join(' '), tokenDelayMs: 20 });
    const events: ChatEvent[] = [];
    for await (const { event } of chat.stream({ message: 'long please' })) {
      events.push(event);
      if (event.type === 'token') {
        const start = events[0];
        if (start?.type === 'start')
          expect(await chat.cancel(start.executionId)).toEqual({ executionId: start.executionId, cancelled: true });
      }
    }
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'CANCELLED' });
    const start = events[0];
    if (start?.type !== 'start') throw new Error('no start');
    expect((await chat.cancel(start.executionId)).cancelled).toBe(false);
    await expect(chat.cancel('unknown')).rejects.toThrow(/not found/);
  });

  it('resumes after lastEventId without starting another execution', async () => {
    const chat = service();
    llm.enqueue({ content: 'one two three four five six', tokenDelayMs: 15 });
    const requestsBefore = llm.requests.length;
    const firstPart: { id: string; event: ChatEvent }[] = [];
    for await (const item of chat.stream({ message: 'count' })) {
      firstPart.push(item);
      if (item.event.type === 'token') break;
    }
    const last = firstPart.at(-1);
    const rest = await drain(chat.stream({ message: 'count', lastEventId: last?.id }));
    const all = [...firstPart, ...rest];
    expect(new Set(all.map((item) => item.id)).size).toBe(all.length);
    const text = all.flatMap((item) => (item.event.type === 'token' ? [item.event.text] : [])).join('');
    expect(all.at(-1)?.event).toMatchObject({ type: 'end', reply: text });
    expect(text).toBe('one two three four five six');
    expect(llm.requests.length - requestsBefore).toBe(1);
    await expect(drain(chat.stream({ message: 'x', lastEventId: '1-0' }))).rejects.toMatchObject({
      code: 'EVENT_NOT_FOUND',
    });
  });

  it('stops an answer that passes the token budget', async () => {
    await config.update({ section: 'orchestrator', values: { token_budget: 60 } });
    const chat = service({ retriever: new FakeRetriever([]) });
    llm.enqueue({ content: 'word '.repeat(400) });
    const events = (await drain(chat.stream({ message: 'ramble' }))).map((item) => item.event);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'TOKEN_BUDGET_EXCEEDED' });
  });

  it('hands complex requests to the plan runner seam', async () => {
    const planRunner: PlanRunner = {
      assess: async (query) => ({
        confidence: query.message.includes('plan') ? 0.9 : 0.1,
        run: async (_request, context) => {
          context.emitToken('Planned ');
          context.emitToken('answer [1]');
          context.recordUsage(10);
          return {
            citations: [
              {
                fileId: 'f1',
                fileName: 'report.pdf',
                chunkId: 'c1',
                snippet: 'planned',
                score: 1,
              },
            ],
          };
        },
      }),
    };
    const chat = service({ planRunner });
    const result = await chat.send({ message: 'make a plan' });
    expect(result).toMatchObject({
      reply: 'Planned answer [1]',
      citations: [expect.objectContaining({ chunkId: 'c1' })],
    });
  });

  it('streams a plan answer to the chat as its writer composes it, in one execution record', async () => {
    const agents = new AgentService({ db, bus, config, logger, ports: {} });
    const chat = service({ planRunner: agents, executions: agents.executions });
    const step = (id: string, name: string, dependencies: string[], assignedAgent: string) => ({
      id,
      name,
      description: name,
      dependencies,
      expectedOutput: 'text',
      successCriteria: 'answers',
      assignedAgent,
      complexity: 2,
    });
    llm.enqueue(
      { json: { tasks: [step('a', 'Read alpha', [], 'analyst'), step('w', 'Combine', ['a'], 'writer')] } },
      { content: 'Alpha launches in May.' },
      { stall: true, afterTokens: ['Alpha ', 'launches'] },
    );
    const message = 'First read alpha, then combine what it says.';
    const events: ChatEvent[] = [];
    let lastEventId = '';
    for await (const { id, event } of chat.stream({ message })) {
      events.push(event);
      lastEventId = id;
      const text = events.flatMap((item) => (item.type === 'token' ? [item.text] : [])).join('');
      if (text === 'Alpha launches') break;
    }
    const start = events[0];
    if (start?.type !== 'start') throw new Error('expected a start event');
    // The answer is under way while its last task still runs: nothing was held back until the end.
    expect(events.some((event) => event.type === 'end')).toBe(false);
    const record = await chat.executions.get(start.executionId);
    expect(record).toMatchObject({ kind: 'plan', status: 'running', sessionId: start.sessionId });
    expect(record.tasks.map((task) => [task.id, task.status])).toEqual([
      ['a', 'completed'],
      ['w', 'running'],
    ]);
    expect(await chat.cancel(start.executionId)).toEqual({ executionId: start.executionId, cancelled: true });
    const rest = (await drain(chat.stream({ message, lastEventId }))).map((item) => item.event);
    expect(rest.at(-1)).toMatchObject({ type: 'error', code: 'CANCELLED' });
    expect(await chat.executions.get(start.executionId)).toMatchObject({ kind: 'plan', status: 'cancelled' });
  });

  it('records an answer cut off by shutdown as interrupted', async () => {
    const chat = service();
    llm.enqueue({ content: Array.from({ length: 100 }, () => 'slow').join(' '), tokenDelayMs: 30 });
    const events: ChatEvent[] = [];
    for await (const { event } of chat.stream({ message: 'go' })) {
      events.push(event);
      if (event.type === 'token' && events.filter((item) => item.type === 'token').length === 1) void work.drain(0);
    }
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'INTERRUPTED' });
    const start = events[0];
    const row = await db.get('SELECT status FROM executions WHERE id = ?', [
      start?.type === 'start' ? start.executionId : '',
    ]);
    expect(row).toEqual({ status: 'interrupted' });
  });

  it('keeps the partial text of an answer cut off by shutdown, marked interrupted, and answers it again on retry', async () => {
    const chat = service();
    llm.enqueue({ content: Array.from({ length: 100 }, (_, index) => `w${index}`).join(' '), tokenDelayMs: 20 });
    const events: ChatEvent[] = [];
    for await (const { event } of chat.stream({ message: 'count' })) {
      events.push(event);
      if (event.type === 'token' && events.filter((item) => item.type === 'token').length === 3) void work.drain(0);
    }
    const start = events[0];
    if (start?.type !== 'start') throw new Error('expected a start event');
    const streamed = events.flatMap((event) => (event.type === 'token' ? [event.text] : [])).join('');
    const { messages } = await chat.history(start.sessionId);
    expect(messages.map((message) => [message.role, message.status])).toEqual([
      ['user', undefined],
      ['assistant', 'interrupted'],
    ]);
    expect(messages[1]).toMatchObject({ id: start.messageId, content: streamed });
    expect(streamed).toMatch(/^w0 w1/);

    work = new WorkTracker();
    const again = service();
    llm.enqueue({ content: 'All of it.' });
    const retried = await again.retry({ sessionId: start.sessionId, messageId: start.messageId });
    expect(retried).toMatchObject({ sessionId: start.sessionId, reply: 'All of it.' });
    // The model is asked the same question, without the fragment as history.
    expect(llm.requests.at(-1)?.messages.at(-1)).toMatchObject({ role: 'user', content: 'count' });
    const after = (await again.history(start.sessionId)).messages;
    expect(after.map((message) => [message.role, message.status, message.content])).toEqual([
      ['user', undefined, 'count'],
      ['assistant', 'interrupted', streamed],
      ['assistant', undefined, 'All of it.'],
    ]);
    await expect(again.retry({ sessionId: start.sessionId, messageId: 'nope' })).rejects.toMatchObject({
      code: 'MESSAGE_NOT_FOUND',
    });
  });

  it('saves a long answer while it streams, so history shows it before it ends', async () => {
    const chat = service();
    llm.enqueue({ content: Array.from({ length: 60 }, (_, index) => `w${index}`).join(' '), tokenDelayMs: 20 });
    const stream = chat.stream({ message: 'count slowly' });
    const first = await stream.next();
    const start = first.value?.event;
    if (start?.type !== 'start') throw new Error('expected a start event');
    const partial = async () => (await chat.history(start.sessionId)).messages[1];
    await vi.waitFor(async () => expect(await partial()).toMatchObject({ status: 'streaming' }), { timeout: 5000 });
    expect((await partial())?.content).toMatch(/^w0/);
    await drain(stream);
    expect(await partial()).toMatchObject({ content: expect.stringMatching(/w59$/) });
    expect((await partial())?.status).toBeUndefined();
  });

  it('records answers left running by a crash as interrupted on the next start', async () => {
    const chat = service();
    llm.enqueue({ content: 'fine' });
    const { executionId } = await chat.send({ message: 'before the crash' });
    await db.run("UPDATE executions SET status = 'running', finished_at = NULL WHERE id = ?", [executionId]);
    await service().executions.start();
    expect(await db.get('SELECT status, error_code FROM executions WHERE id = ?', [executionId])).toEqual({
      status: 'interrupted',
      error_code: 'INTERRUPTED',
    });
  });

  it('at startup leaves the answers of live processes running and interrupts those of dead ones', async () => {
    llm.enqueue({ content: 'one' }, { content: 'two' });
    const live = await service({ instanceId: 'live-process' }).send({ message: 'first' });
    const dead = await service({ instanceId: 'dead-process' }).send({ message: 'second' });
    await db.run("UPDATE executions SET status = 'running', finished_at = NULL");
    const asked: string[] = [];
    await service({ instanceId: 'new-process' }).executions.start({
      isOwnerAlive: async (owner) => {
        asked.push(owner);
        return owner === 'live-process';
      },
    });
    expect(asked.sort()).toEqual(['dead-process', 'live-process']);
    const status = async (id: string) =>
      (await db.get<{ status: string }>('SELECT status FROM executions WHERE id = ?', [id]))?.status;
    expect(await status(live.executionId)).toBe('running');
    expect(await status(dead.executionId)).toBe('interrupted');
  });

  it('stops an answer that runs past orchestrator.timeout_seconds', async () => {
    await config.update({ section: 'orchestrator', values: { timeout_seconds: 1 } });
    const chat = service();
    llm.enqueue({ content: Array.from({ length: 100 }, () => 'slow').join(' '), tokenDelayMs: 50 });
    const started = Date.now();
    const events = (await drain(chat.stream({ message: 'take your time' }))).map((item) => item.event);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'TIMEOUT',
      message: expect.stringContaining('timeout_seconds'),
    });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
