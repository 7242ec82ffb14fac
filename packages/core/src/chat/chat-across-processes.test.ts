import type { ChatEvent } from '@studio/shared';
import { startFakeLlm, type FakeLlmServer } from '@studio/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigService } from '../config/config-service';
import { RedisEventBus } from '../events/redis-event-bus';
import { OpenAILanguageModel } from '../llm/openai-language-model';
import { createConsoleLogger } from '../logger';
import { openDatabase } from '../store/database';
import { allMigrations } from '../all-migrations';
import type { Sql } from '../store/sql';
import { testPostgresUrl, uniqueRedisPrefix, uniqueSchema } from '../store/test-support/postgres';
import { WorkTracker } from '../work-tracker';
import { ChatService } from './chat-service';
import type { LoggedEvent } from '../executions/live-execution';

const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createConsoleLogger('silent');
const words = (count: number) => Array.from({ length: count }, (_, index) => `w${index}`).join(' ');

/** One server process's chat: its own connections to the shared PostgreSQL schema and Redis. */
interface Process {
  chat: ChatService;
  close(): Promise<void>;
}

let llm: FakeLlmServer;
let dir: string;
const schema = uniqueSchema('chat_cluster');
const prefix = uniqueRedisPrefix();
const processes: Process[] = [];
/** Whether the test still treats process A as alive (B's view of the instance registry). */
let aAlive = true;
let a: Process;
let b: Process;

async function startProcess(name: string, isOwnerAlive?: (owner: string) => Promise<boolean>): Promise<Process> {
  const db: Sql = await openDatabase({ file: '', databaseUrl: testPostgresUrl(), schema }, allMigrations);
  const bus = await RedisEventBus.connect({ url: REDIS, prefix });
  const config = new ConfigService({ dir: join(dir, name, 'config'), db, bus, logger, watch: false });
  await config.start();
  const work = new WorkTracker();
  const model = new OpenAILanguageModel({ baseURL: llm.url, model: 'fake', stallTimeoutMs: 30_000 });
  const chat = new ChatService({ db, bus, config, work, logger, model, instanceId: name });
  await chat.executions.start(isOwnerAlive ? { isOwnerAlive } : {});
  const process = {
    chat,
    close: async () => {
      await chat.executions.interruptRunning();
      await work.drain(200);
      await config.stop();
      await bus.close();
      await db.close();
    },
  };
  processes.push(process);
  return process;
}

/** Reads until `until` holds, leaving the stream open (a `for await` break would close it). */
async function take(
  stream: AsyncGenerator<LoggedEvent>,
  until: (events: LoggedEvent[]) => boolean,
): Promise<LoggedEvent[]> {
  const events: LoggedEvent[] = [];
  while (!until(events)) {
    const next = await stream.next();
    if (next.done) break;
    events.push(next.value);
  }
  return events;
}

const isFinal = (events: LoggedEvent[]) => ['end', 'error'].includes(events.at(-1)?.event.type ?? '');
const tokens = (events: LoggedEvent[]) =>
  events.flatMap(({ event }) => (event.type === 'token' ? [event.text] : [])).join('');
const startOf = (events: LoggedEvent[]): Extract<ChatEvent, { type: 'start' }> => {
  const first = events[0]?.event;
  if (first?.type !== 'start') throw new Error('expected a start event');
  return first;
};

beforeAll(async () => {
  llm = await startFakeLlm();
  dir = mkdtempSync(join(tmpdir(), 'studio-chat-cluster-'));
  a = await startProcess('a');
  b = await startProcess('b', async (owner) => owner === 'b' || (owner === 'a' && aAlive));
});

afterAll(async () => {
  for (const process of processes) await process.close();
  await llm.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('chat across two processes (PostgreSQL + Redis)', () => {
  it('an answer started on A is resumed on B with no gap or duplicate', async () => {
    llm.enqueue({ content: words(50), tokenDelayMs: 5 });
    const first = await take(
      a.chat.stream({ message: 'count' }),
      (events) => events.filter((item) => item.event.type === 'token').length >= 2,
    );
    const rest = await take(b.chat.stream({ message: 'count', lastEventId: first.at(-1)?.id }), isFinal);
    const all = [...first, ...rest];
    expect(new Set(all.map((item) => item.id)).size).toBe(all.length);
    expect(tokens(all)).toBe(words(50));
    expect(all.at(-1)?.event).toMatchObject({ type: 'end', reply: words(50) });
    expect((await b.chat.history(startOf(all).sessionId)).messages.map((message) => message.role)).toEqual([
      'user',
      'assistant',
    ]);
  });

  it('chat.cancel on B stops the answer A is producing', async () => {
    llm.enqueue({ content: words(400), tokenDelayMs: 10 });
    const stream = a.chat.stream({ message: 'long' });
    const first = await take(stream, (events) => events.some((item) => item.event.type === 'token'));
    await expect(b.chat.cancel(startOf(first).executionId)).resolves.toEqual({
      executionId: startOf(first).executionId,
      cancelled: true,
    });
    const rest = await take(stream, isFinal);
    expect(rest.at(-1)?.event).toMatchObject({ type: 'error', code: 'CANCELLED' });
  });

  it('a follower on B ends with INTERRUPTED when A dies mid-answer, and records it', async () => {
    llm.enqueue({ stall: true, afterTokens: ['one ', 'two '] });
    const first = await take(a.chat.stream({ message: 'stall' }), (events) =>
      events.some((item) => item.event.type === 'token'),
    );
    const { executionId } = startOf(first);
    aAlive = false;
    const rest = await take(b.chat.stream({ message: 'stall', lastEventId: first.at(-1)?.id }), isFinal);
    expect(rest.at(-1)?.event).toMatchObject({ type: 'error', code: 'INTERRUPTED' });
    expect(await b.chat.executions.get(executionId)).toMatchObject({ status: 'interrupted' });
    // What A saved while it streamed is kept, marked interrupted.
    const { messages } = await b.chat.history(startOf(first).sessionId);
    expect(messages.at(-1)).toMatchObject({ role: 'assistant', status: 'interrupted', content: 'one two ' });
  });
});
