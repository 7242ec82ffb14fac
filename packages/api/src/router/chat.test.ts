import { createConsoleLogger, createStudio, type Studio } from '@studio/core';
import type { ChatEvent } from '@studio/shared';
import { startFakeLlm, type FakeLlmServer } from '@studio/testing';
import { TRPCError } from '@trpc/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../root';

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe('chat procedures over the real core graph', () => {
  let llm: FakeLlmServer;
  let dataDir: string;
  let studio: Studio;
  let caller: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    llm = await startFakeLlm();
    dataDir = mkdtempSync(join(tmpdir(), 'studio-api-chat-'));
    studio = await createStudio({
      dataDir,
      logger: createConsoleLogger('silent'),
      watchConfig: false,
      llm: {
        baseURL: llm.url,
        model: 'fake',
        stallTimeoutMs: 5000,
        retry: { baseDelayMs: 5, maxDelayMs: 20, maxRetries: 2 },
      },
    });
    caller = createCaller({ studio, authorized: true });
  });

  afterAll(async () => {
    await studio.close(200);
    await llm.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers, keeps the session, and lists it with its history', async () => {
    llm.enqueue({ content: 'Hello from the model.' });
    const sent = await caller.chat.send({ message: 'Say hello' });
    expect(sent).toMatchObject({ reply: 'Hello from the model.', mode: 'llm', citations: [] });
    const history = await caller.chat.history({ sessionId: sent.sessionId });
    expect(history.messages.map((message) => [message.role, message.content])).toEqual([
      ['user', 'Say hello'],
      ['assistant', 'Hello from the model.'],
    ]);
    const sessions = await caller.chat.sessions({ limit: 10 });
    expect(sessions.items.find((item) => item.sessionId === sent.sessionId)).toMatchObject({
      title: 'Say hello',
      messageCount: 2,
    });
  });

  it('chat.retry answers the same question again, after the first answer', async () => {
    llm.enqueue({ content: 'First.' }, { content: 'Second.' });
    const sent = await caller.chat.send({ message: 'Say it twice' });
    const again = await caller.chat.retry({ sessionId: sent.sessionId, messageId: sent.messageId });
    expect(again).toMatchObject({ sessionId: sent.sessionId, reply: 'Second.', mode: 'llm' });
    expect(again.messageId).not.toBe(sent.messageId);
    expect(llm.requests.at(-1)?.messages.at(-1)).toMatchObject({ role: 'user', content: 'Say it twice' });
    const history = await caller.chat.history({ sessionId: sent.sessionId });
    expect(history.messages.map((message) => [message.role, message.content])).toEqual([
      ['user', 'Say it twice'],
      ['assistant', 'First.'],
      ['assistant', 'Second.'],
    ]);
    const unknown = await failure(caller.chat.retry({ sessionId: sent.sessionId, messageId: 'no-such-message' }));
    expect(unknown.code).toBe('NOT_FOUND');
    expect((await failure(caller.chat.retry({ sessionId: 'no-such-session', messageId: 'x' }))).code).toBe('NOT_FOUND');
  });

  it('retries a provider 500 and succeeds', async () => {
    const before = llm.requests.length;
    llm.enqueue({ status: 500 }, { content: 'second try worked' });
    const sent = await caller.chat.send({ message: 'flaky provider' });
    expect(sent.reply).toBe('second try worked');
    expect(llm.requests.length - before).toBe(2);
  });

  it('answers offline when the provider keeps failing, saying why', async () => {
    llm.enqueue({ status: 503 }, { status: 503 }, { status: 503 });
    const sent = await caller.chat.send({ message: 'broken provider' });
    expect(sent.mode).toBe('offline');
    expect(sent.reply).toMatch(/^The language model did not answer \(the language model failed \(HTTP 503\)/);
  });

  it('with fallback_behavior error, maps a persistent provider failure to SERVICE_UNAVAILABLE with a domain code', async () => {
    await caller.config.update({ section: 'orchestrator', values: { fallback_behavior: 'error' } });
    try {
      llm.enqueue({ status: 503 }, { status: 503 }, { status: 503 });
      const error = await failure(caller.chat.send({ message: 'broken provider' }));
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
      expect(error.message).toContain('HTTP 503');
    } finally {
      await caller.config.update({ section: 'orchestrator', values: { fallback_behavior: 'direct_response' } });
    }
  });

  it('streams start, tokens and end through the subscription', async () => {
    llm.enqueue({ content: 'alpha beta gamma' });
    const stream = await caller.chat.stream({ message: 'stream please' });
    const events: ChatEvent[] = [];
    for await (const item of stream as AsyncIterable<unknown>) {
      const [, event] = item as [string, ChatEvent, unknown];
      events.push(event);
    }
    expect(events[0]).toMatchObject({ type: 'start' });
    const text = events.flatMap((event) => (event.type === 'token' ? [event.text] : [])).join('');
    expect(events.at(-1)).toEqual({ type: 'end', reply: 'alpha beta gamma', citations: [] });
    expect(text).toBe('alpha beta gamma');
  });

  it('publishes the same events to events.chat for the session', async () => {
    llm.enqueue({ content: 'first' }, { content: 'second answer' });
    const first = await caller.chat.send({ message: 'open a session' });
    const second = await caller.chat.send({ sessionId: first.sessionId, message: 'again' });
    // '0-0' replays the bus buffer: both answers of the session, in order. Leaving the loop ends the subscription.
    const subscription = await caller.events.chat({ sessionId: first.sessionId, lastEventId: '0-0' });
    const events: ChatEvent[] = [];
    for await (const item of subscription as AsyncIterable<unknown>) {
      const [, event] = item as [string, ChatEvent, unknown];
      events.push(event);
      if (events.filter((seen) => seen.type === 'end').length === 2) break;
    }
    const starts = events.filter((event) => event.type === 'start');
    expect(starts.map((event) => event.type === 'start' && event.executionId)).toEqual([
      first.executionId,
      second.executionId,
    ]);
    expect(events.at(-1)).toEqual({ type: 'end', reply: 'second answer', citations: [] });
  });

  it('accepts a 32k-character message', async () => {
    const message = 'lorem ipsum '.repeat(2700).slice(0, 32_000);
    llm.enqueue({ content: 'Long input read.' });
    const sent = await caller.chat.send({ message });
    expect(sent.reply).toBe('Long input read.');
    expect(lastUserContent(llm)).toBe(message);
  });

  it('refuses an empty message with BAD_REQUEST and a field error', async () => {
    const error = await failure(caller.chat.send({ message: '   ' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('message must not be empty');
  });

  it('answers NOT_FOUND for unknown sessions and executions', async () => {
    expect((await failure(caller.chat.send({ sessionId: 'no-such-session', message: 'hi' }))).code).toBe('NOT_FOUND');
    expect((await failure(caller.chat.history({ sessionId: 'no-such-session' }))).code).toBe('NOT_FOUND');
    expect((await failure(caller.chat.cancel({ executionId: 'no-such-execution' }))).code).toBe('NOT_FOUND');
  });

  it('reports the configured model as ok in health', async () => {
    const health = await caller.health();
    expect(health.components.llm).toMatchObject({ status: 'ok', detail: 'openai-compatible:fake' });
  });
});

describe('chat without a language model', () => {
  it('answers offline and health says so', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'studio-api-offline-'));
    const studio = await createStudio({ dataDir, logger: createConsoleLogger('silent'), watchConfig: false });
    try {
      const caller = createCaller({ studio, authorized: true });
      const sent = await caller.chat.send({ message: 'What does the contract say about notice periods?' });
      expect(sent.mode).toBe('offline');
      expect(sent.reply).toContain('No language model is configured');
      expect((await caller.health()).components.llm.status).toBe('offline');
    } finally {
      await studio.close(200);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

function lastUserContent(server: FakeLlmServer): unknown {
  return server.requests.at(-1)?.messages.at(-1)?.content;
}
