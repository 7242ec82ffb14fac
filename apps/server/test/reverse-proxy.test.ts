import type { ChatEvent } from '@studio/shared';
import { lastUserText, type ChatRequest } from '@studio/testing';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collect, createTestClient } from './helpers';
import { NGINX_BINARY, NGINX_TEMPLATE, startNginx, type RunningNginx } from './nginx-proxy';
import { startSharedEngines, stopChild, type SharedEngines } from './shared-engines';
import { spawnServer } from './spawn-server';

/**
 * Three real server processes, each with a DATA_DIR of its own, on one PostgreSQL, Redis and Chroma,
 * behind Debian's nginx with the README's snippet (default response buffering, round-robin upstream).
 * Clients only ever talk to nginx.
 */
type Tracked = { id: string; data: ChatEvent };

const PROCESSES = ['a', 'b', 'c'] as const;
const ANSWERS = 200;
const AT_ONCE = 10;
const SLOW = 'tell me a slow story';
const nginxMissing = !existsSync(NGINX_BINARY);
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** Each process names its model after itself, so the model's requests show which process answered. */
let answerCount = 0;
function respond(request: ChatRequest) {
  if (lastUserText(request).includes(SLOW)) {
    const words = Array.from({ length: 60 }, (_, index) => `slow${index}`).join(' ');
    return { content: `From ${request.model}: ${words}.`, tokenDelayMs: 25 };
  }
  answerCount += 1;
  const words = Array.from({ length: 24 }, (_, index) => `w${index}`).join(' ');
  return { content: `From ${request.model}, answer ${answerCount}: ${words}.` };
}

let engines: SharedEngines;
let proxy: RunningNginx;
const servers: { child: ChildProcess; url: string }[] = [];

// Outside CI a machine without nginx skips with a message; under CI the missing proxy is a failure.
const describeProxy = nginxMissing && process.env.CI !== 'true' ? describe.skip : describe;
if (nginxMissing && process.env.CI !== 'true')
  console.warn(`reverse-proxy tests skipped: ${NGINX_BINARY} is missing (apt-get install -y nginx)`);

beforeAll(async () => {
  if (nginxMissing && process.env.CI !== 'true') return;
  if (nginxMissing) throw new Error(`${NGINX_BINARY} is missing under CI: .ci/run installs Debian's nginx`);
  engines = await startSharedEngines({ respond });
  // The first applies the schema; the other two then start together.
  const start = (name: (typeof PROCESSES)[number]) =>
    spawnServer({ ...engines.env, LLM_MODEL: `fake-${name}`, DATA_DIR: engines.dataDir(`host-${name}`) });
  servers.push(await start('a'));
  servers.push(...(await Promise.all([start('b'), start('c')])));
  proxy = await startNginx(servers.map((server) => Number(new URL(server.url).port)));
}, 180_000);

afterAll(async () => {
  await proxy?.stop();
  await Promise.all(servers.map((server) => stopChild(server.child)));
  await engines?.close();
});

/** One chat answer through nginx over a fresh connection, so round-robin spreads them. */
async function streamAnswer(index: number, transport: 'ws' | 'sse'): Promise<Tracked[]> {
  const client = createTestClient(proxy.url, { transport });
  try {
    return await collect<Tracked>(
      (handlers) => client.trpc.chat.stream.subscribe({ message: `question ${index}` }, handlers),
      (seen) => seen.at(-1)?.data.type === 'end' || seen.at(-1)?.data.type === 'error',
    );
  } finally {
    client.close();
  }
}

/** Runs `task` for 0…count-1, at most `limit` at a time. */
async function inBatches<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await task(index);
      }
    }),
  );
  return results;
}

const tokens = (events: Tracked[]) =>
  events.flatMap((event) => (event.data.type === 'token' ? [event.data.text] : [])).join('');

/** An SSE subscription read raw through nginx, so the response's headers (which process answered) are visible. */
async function rawChatStream(input: Record<string, unknown>, signal: AbortSignal) {
  const query = encodeURIComponent(JSON.stringify(input));
  const response = await fetch(`${proxy.url}/trpc/chat.stream?input=${query}`, {
    headers: { accept: 'text/event-stream' },
    signal,
  });
  expect(response.status).toBe(200);
  const body = response.body?.getReader();
  if (!body) throw new Error('no body');
  const reader = body;
  const decoder = new TextDecoder();
  let buffer = '';
  /** The events of each network read, so a test can tell what arrived together. */
  async function* reads(): AsyncGenerator<Tracked[]> {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop() ?? '';
      const events: Tracked[] = [];
      for (const block of blocks) {
        const fields = new Map<string, string>();
        for (const line of block.split('\n')) {
          const colon = line.indexOf(':');
          if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
        }
        const id = fields.get('id');
        const data = fields.get('data');
        if (id && data && !fields.has('event')) events.push({ id, data: JSON.parse(data) as ChatEvent });
      }
      yield events;
    }
  }
  return { upstream: response.headers.get('x-upstream') ?? '', headers: response.headers, reads: reads() };
}

describeProxy('three processes behind nginx (default buffering)', () => {
  it('serves the README snippet verbatim', () => {
    expect(readme).toContain(readFileSync(NGINX_TEMPLATE, 'utf8').trim());
  });

  it(`streams ${ANSWERS} answers over WS and SSE through nginx, spread over the processes, losing no event`, async () => {
    const generated = new Set<string>();
    const answers = await inBatches(ANSWERS, AT_ONCE, (index) => streamAnswer(index, index % 2 === 0 ? 'ws' : 'sse'));
    for (const request of engines.llm.requests) generated.add(String(request.model));
    const byProcess = new Map<string, number>();
    for (const events of answers) {
      expect(events[0]?.data.type).toBe('start');
      const end = events.at(-1)?.data;
      if (end?.type !== 'end') throw new Error(`an answer ended with ${JSON.stringify(end)}`);
      // Every token, in order: together they are the model's answer, which the end event repeats.
      expect(tokens(events)).toBe(end.reply);
      expect(end.reply).toMatch(/^From fake-[abc], answer \d+: w0 w1 .* w23\.$/);
      expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
      const process = /^From (fake-[abc])/.exec(end.reply)?.[1] ?? '';
      byProcess.set(process, (byProcess.get(process) ?? 0) + 1);
    }
    expect(new Set(answers.map((events) => tokens(events))).size).toBe(ANSWERS);
    expect(generated).toEqual(new Set(['fake-a', 'fake-b', 'fake-c']));
    // Round-robin: each process answered about a third.
    for (const name of ['fake-a', 'fake-b', 'fake-c']) expect(byProcess.get(name)).toBeGreaterThan(ANSWERS / 5);
  }, 300_000);

  it('resumes an answer from a lastEventId taken mid-answer on another process, with no gap or duplicate', async () => {
    const first = new AbortController();
    const opening = await rawChatStream({ message: SLOW }, first.signal);
    const firstPart: Tracked[] = [];
    let endedWithThirdToken = false;
    for await (const events of opening.reads) {
      firstPart.push(...events);
      if (firstPart.filter((event) => event.data.type === 'token').length >= 3) {
        endedWithThirdToken = events.some((event) => event.data.type === 'end');
        break;
      }
    }
    first.abort();
    // nginx passed events on as they came instead of filling a buffer first.
    expect(endedWithThirdToken).toBe(false);
    const lastEventId = firstPart.at(-1)?.id;

    // Round-robin sends consecutive requests to different processes: retry until another one answers.
    const rest: Tracked[] = [];
    let resumedOn = opening.upstream;
    for (let attempt = 0; attempt < PROCESSES.length && resumedOn === opening.upstream; attempt++) {
      const abort = new AbortController();
      const resumed = await rawChatStream({ message: SLOW, lastEventId }, abort.signal);
      resumedOn = resumed.upstream;
      if (resumedOn === opening.upstream) {
        abort.abort();
        continue;
      }
      for await (const events of resumed.reads) {
        rest.push(...events);
        if (rest.at(-1)?.data.type === 'end' || rest.at(-1)?.data.type === 'error') break;
      }
      abort.abort();
    }
    expect(resumedOn).not.toBe(opening.upstream);
    expect(opening.upstream).toMatch(/^127\.0\.0\.1:\d+$/);
    const all = [...firstPart, ...rest];
    expect(new Set(all.map((event) => event.id)).size).toBe(all.length);
    expect(rest.some((event) => event.data.type === 'start')).toBe(false);
    expect(rest.filter((event) => event.data.type === 'token').length).toBeGreaterThan(0);
    const end = all.at(-1)?.data;
    if (end?.type !== 'end') throw new Error(`the resumed answer ended with ${JSON.stringify(end)}`);
    expect(tokens(all)).toBe(end.reply);
    expect(end.reply).toMatch(/^From fake-[abc]: slow0 .* slow59\.$/);
  }, 60_000);

  it("applies a hand edit of one host's YAML on every process as one version, and each host mirrors it", async () => {
    const mirror = (name: string) => join(engines.dataDir(`host-${name}`), 'config', 'planner.yaml');
    const clients = servers.map((server) => createTestClient(server.url, { transport: 'sse' }));
    try {
      const before = await clients[0]?.trpc.config.versions.query();
      writeFileSync(
        mirror('a'),
        readFileSync(mirror('a'), 'utf8').replace(/max_tasks_per_request: \d+/, 'max_tasks_per_request: 4'),
      );
      for (const client of clients) {
        await vi.waitFor(
          async () => expect((await client.trpc.config.get.query()).planner.max_tasks_per_request).toBe(4),
          { timeout: 10_000 },
        );
      }
      for (const name of PROCESSES)
        await vi.waitFor(() => expect(readFileSync(mirror(name), 'utf8')).toContain('max_tasks_per_request: 4'), {
          timeout: 10_000,
        });
      const versions = await Promise.all(clients.map((client) => client.trpc.config.versions.query()));
      for (const seen of versions) expect(seen.planner).toBe((before?.planner ?? 0) + 1);
    } finally {
      for (const client of clients) client.close();
    }
  }, 60_000);

  it('sends the event-stream headers a proxy needs; nginx consumes X-Accel-Buffering and compresses nothing', async () => {
    const direct = servers[0]?.url ?? '';
    const abort = new AbortController();
    const response = await fetch(`${direct}/trpc/events.files?input=${encodeURIComponent('{}')}`, {
      headers: { accept: 'text/event-stream', 'accept-encoding': 'gzip' },
      signal: abort.signal,
    });
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('cache-control')).toContain('no-transform');
    abort.abort();
    const through = await fetch(`${proxy.url}/trpc/events.files?input=${encodeURIComponent('{}')}`, {
      headers: { accept: 'text/event-stream', 'accept-encoding': 'gzip' },
      signal: AbortSignal.timeout(10_000),
    });
    expect(through.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(through.headers.get('content-encoding')).toBeNull();
    expect(through.headers.get('x-accel-buffering')).toBeNull();
    await through.body?.cancel();

    // The OpenAI-compatible endpoint streams through the proxy too.
    const completion = await fetch(`${direct}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'studio', stream: true, messages: [{ role: 'user', content: 'question v1' }] }),
    });
    expect(completion.headers.get('x-accel-buffering')).toBe('no');
    expect(await completion.text()).toContain('data: [DONE]');
  }, 60_000);
});
