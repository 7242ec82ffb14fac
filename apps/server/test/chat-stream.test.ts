import type { AppRouter } from '@studio/api';
import type { ChatEvent } from '@studio/shared';
import { startFakeLlm, type FakeLlmServer } from '@studio/testing';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { collect, createTestClient, startTestStudio, type TestStudio } from './helpers';

type Tracked = { id: string; data: ChatEvent };
type Client = ReturnType<TestStudio['client']>['trpc'];

const isFinal = (events: Tracked[]) => {
  const type = events.at(-1)?.data.type;
  return type === 'end' || type === 'error';
};

function streamChat(trpc: Client, input: Parameters<Client['chat']['stream']['subscribe']>[0]): Promise<Tracked[]> {
  return collect<Tracked>((handlers) => trpc.chat.stream.subscribe(input, handlers), isFinal);
}

function tokensOf(events: Tracked[]): string {
  return events.flatMap((event) => (event.data.type === 'token' ? [event.data.text] : [])).join('');
}

const words = (count: number) => Array.from({ length: count }, (_, index) => `word${index}`).join(' ');

describe.each(['ws', 'sse'] as const)('chat.stream over %s', (transport) => {
  let llm: FakeLlmServer;
  let app: TestStudio;

  beforeAll(async () => {
    llm = await startFakeLlm();
    app = await startTestStudio({
      studio: {
        llm: {
          baseURL: llm.url,
          model: 'fake',
          stallTimeoutMs: 1500,
          retry: { baseDelayMs: 5, maxDelayMs: 20, maxRetries: 2 },
        },
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await llm.stop();
  });

  it('sends start, tokens in order, then end whose reply equals the tokens', async () => {
    llm.enqueue({ content: words(40) });
    const { trpc } = app.client({ transport });
    const events = await streamChat(trpc, { message: 'count for me' });
    expect(events[0]?.data).toMatchObject({ type: 'start', mode: 'llm' });
    expect(events.at(-1)?.data).toEqual({ type: 'end', reply: words(40), citations: [] });
    expect(tokensOf(events)).toBe(words(40));
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  });

  it('keeps generating while the client is gone and resumes from lastEventId with no gap or duplicate', async () => {
    llm.enqueue({ content: words(60), tokenDelayMs: 8 });
    const requestsBefore = llm.requests.length;
    const first = createTestClient(app.url, { transport });
    const seen = await collect<Tracked>(
      (handlers) => first.trpc.chat.stream.subscribe({ message: 'resume me' }, handlers),
      (events) => events.filter((event) => event.data.type === 'token').length >= 3,
    );
    first.close();
    const start = seen[0]?.data;
    if (start?.type !== 'start') throw new Error('expected a start event');

    // The answer finishes on the server although nobody is listening.
    await vi.waitFor(
      async () => {
        const { messages } = await app.studio.chat.history(start.sessionId);
        expect(messages).toHaveLength(2);
        expect(messages[1]?.status).toBeUndefined();
      },
      { timeout: 10_000 },
    );

    const second = createTestClient(app.url, { transport });
    try {
      const rest = await streamChat(second.trpc, { message: 'resume me', lastEventId: seen.at(-1)?.id });
      const all = [...seen, ...rest];
      expect(new Set(all.map((event) => event.id)).size).toBe(all.length);
      expect(all.at(-1)?.data).toEqual({ type: 'end', reply: words(60), citations: [] });
      expect(tokensOf(all)).toBe(words(60));
      expect(rest.some((event) => event.data.type === 'start')).toBe(false);
      expect(llm.requests.length - requestsBefore).toBe(1);
    } finally {
      second.close();
    }
  });

  it('cancels mid-stream', async () => {
    llm.enqueue({ content: words(300), tokenDelayMs: 10 });
    const { trpc } = app.client({ transport });
    let cancelled: Promise<unknown> | undefined;
    const seen: Tracked[] = [];
    const events = await collect<Tracked>(
      (handlers) =>
        trpc.chat.stream.subscribe(
          { message: 'a long answer please' },
          {
            onData: (event) => {
              seen.push(event);
              if (event.data.type === 'token' && !cancelled) {
                cancelled = trpc.chat.cancel.mutate({ executionId: startOf(seen).executionId });
              }
              handlers.onData(event);
            },
            onError: handlers.onError,
          },
        ),
      isFinal,
    );
    await expect(cancelled).resolves.toMatchObject({ cancelled: true });
    expect(events.at(-1)?.data).toMatchObject({ type: 'error', code: 'CANCELLED' });
    expect(tokensOf(events).length).toBeLessThan(words(300).length);
    const executionId = startOf(events).executionId;
    expect(await app.studio.db.get('SELECT status FROM executions WHERE id = ?', [executionId])).toEqual({
      status: 'cancelled',
    });
  });

  it('ends with a clear error when the stream stalls mid-answer; malformed output gets the offline answer', async () => {
    const { trpc } = app.client({ transport });
    llm.enqueue({ stall: true, afterTokens: ['half', ' an'] });
    const stalled = await streamChat(trpc, { message: 'stall' });
    expect(tokensOf(stalled)).toBe('half an');
    expect(stalled.at(-1)?.data).toMatchObject({ type: 'error', code: 'LLM_STALLED' });

    llm.enqueue({ malformed: true });
    const malformed = await streamChat(trpc, { message: 'garbage' });
    expect(malformed.at(-1)?.data).toMatchObject({
      type: 'end',
      reply: expect.stringMatching(/^The language model did not answer \(/),
    });
  });

  it('waits out a 429 retry-after, and answers offline on a persistent failure, saying why', async () => {
    const { trpc } = app.client({ transport });
    llm.enqueue({ status: 429, retryAfterS: 1 }, { content: 'patience pays' });
    const started = Date.now();
    const limited = await streamChat(trpc, { message: 'rate limited' });
    expect(limited.at(-1)?.data).toMatchObject({ type: 'end', reply: 'patience pays' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);

    llm.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const failed = await streamChat(trpc, { message: 'down' });
    // Not an empty bubble with a small error: the offline answer, saying the model failed and how.
    expect(failed.at(-1)?.data).toMatchObject({
      type: 'end',
      reply: expect.stringMatching(/^The language model did not answer \(the language model failed \(HTTP 500\)/),
    });
    expect(failed.at(-1)?.data).not.toMatchObject({
      reply: expect.stringContaining('No language model is configured'),
    });
  });

  it('accepts a 32k-character message and refuses an empty one with BAD_REQUEST', async () => {
    const { trpc } = app.client({ transport });
    llm.enqueue({ content: 'read it all' });
    const long = 'x'.repeat(31_990) + ' the end.';
    const events = await streamChat(trpc, { message: long });
    expect(events.at(-1)?.data).toMatchObject({ type: 'end', reply: 'read it all' });
    await expect(trpc.chat.send.mutate({ message: '' })).rejects.toMatchObject({ data: { code: 'BAD_REQUEST' } });
  });
});

function startOf(events: Tracked[]): Extract<ChatEvent, { type: 'start' }> {
  const start = events[0]?.data;
  if (start?.type !== 'start') throw new Error('expected a start event first');
  return start;
}

describe('chat.stream over a WebSocket that drops mid-answer', () => {
  let llm: FakeLlmServer;
  let app: TestStudio;

  beforeAll(async () => {
    llm = await startFakeLlm();
    app = await startTestStudio({ studio: { llm: { baseURL: llm.url, model: 'fake' } } });
  });
  afterAll(async () => {
    await app.close();
    await llm.stop();
  });

  it('wsLink reconnects, resends lastEventId, and the same answer completes with no gap or duplicate', async () => {
    llm.enqueue({ content: words(80), tokenDelayMs: 8 });
    const wsClient = createWSClient({
      url: `${app.url.replace(/^http/, 'ws')}/trpc`,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      retryDelayMs: () => 20,
    });
    const trpc = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
    let dropped = false;
    try {
      const events = await collect<Tracked>(
        (handlers) =>
          trpc.chat.stream.subscribe(
            { message: 'survive a drop' },
            {
              onData: (event) => {
                handlers.onData(event);
                if (!dropped && event.data.type === 'token') {
                  dropped = true;
                  wsClient.connection?.ws.close();
                }
              },
              onError: handlers.onError,
            },
          ),
        isFinal,
      );
      expect(dropped).toBe(true);
      expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
      expect(events.filter((event) => event.data.type === 'start')).toHaveLength(1);
      expect(tokensOf(events)).toBe(words(80));
      expect(events.at(-1)?.data).toEqual({ type: 'end', reply: words(80), citations: [] });
      expect(llm.requests).toHaveLength(1);
    } finally {
      await wsClient.close();
    }
  });
});
