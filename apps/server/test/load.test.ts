import type { ChatEvent } from '@studio/shared';
import { startFakeLlm, type FakeLlmServer } from '@studio/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestStudio, type TestStudio } from './helpers';

const STREAMS = 200;
const UPLOADS = 50;
const REPLY = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ');

describe(`${STREAMS} concurrent chat streams and ${UPLOADS} concurrent uploads on one server`, () => {
  let llm: FakeLlmServer;
  let app: TestStudio;
  beforeAll(async () => {
    llm = await startFakeLlm({ respond: () => ({ content: REPLY }) });
    app = await startTestStudio({ studio: { llm: { baseURL: llm.url, apiKey: 'k', model: 'fake' } } });
  });
  afterAll(async () => {
    await app.close();
    await llm.stop();
  });

  it('completes every stream and every upload, with memory bounded', async () => {
    const rssBefore = process.memoryUsage().rss;
    const clients = Array.from({ length: 10 }, () => app.client());
    const streams = Array.from(
      { length: STREAMS },
      (_, index) =>
        new Promise<{ tokens: string; end: Extract<ChatEvent, { type: 'end' }> }>((resolve, reject) => {
          let tokens = '';
          const client = clients[index % clients.length];
          if (!client) throw new Error('no client');
          const subscription = client.trpc.chat.stream.subscribe(
            { message: `Question number ${index}` },
            {
              onData: ({ data }) => {
                if (data.type === 'token') tokens += data.text;
                if (data.type === 'error') reject(new Error(`${data.code}: ${data.message}`));
                if (data.type === 'end') {
                  subscription.unsubscribe();
                  resolve({ tokens, end: data });
                }
              },
              onError: reject,
            },
          );
        }),
    );
    const uploads = Array.from({ length: UPLOADS }, async (_, index) => {
      const form = new FormData();
      form.append(
        'file',
        new Blob([`Load test document ${index}. Its code is LOAD-${index}-CODE.\n`.repeat(20)]),
        `load-${index}.txt`,
      );
      const response = await fetch(`${app.url}/api/files`, { method: 'POST', body: form });
      expect(response.status).toBe(201);
      return ((await response.json()) as { fileId: string }).fileId;
    });

    const answers = await Promise.all(streams);
    for (const answer of answers) {
      expect(answer.tokens).toBe(REPLY);
      expect(answer.end.reply).toBe(REPLY);
    }
    const fileIds = await Promise.all(uploads);
    const { trpc } = app.client();
    await vi.waitFor(
      async () => {
        const statuses = await Promise.all(fileIds.map((fileId) => trpc.files.status.query({ fileId })));
        expect(statuses.every((status) => status.status === 'completed')).toBe(true);
      },
      { timeout: 120_000, interval: 250 },
    );
    const { hits } = await trpc.files.search.query({ query: 'LOAD-37-CODE' });
    expect(hits[0]?.fileName).toBe('load-37.txt');
    // Bounded: the whole run (server, clients and fake model in this process) stays well under a gigabyte more.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(1024 * 1024 * 1024);
    expect((await trpc.health.query()).status).toBe('ok');
  });
});

describe('one client cannot tie the server up with a batch', () => {
  let app: TestStudio;
  beforeAll(async () => {
    app = await startTestStudio({ server: { limits: { maxResponseBytes: 16 * 1024 } } });
  });
  afterAll(() => app.close());

  it('refuses a 2000-call chat.send batch (90 KB) at once with 400 JSON, and a 3000 × files.search GET', async () => {
    const calls = 2000;
    const inputs = Object.fromEntries(Array.from({ length: calls }, (_, index) => [index, { message: `q${index}` }]));
    const started = Date.now();
    const batch = await fetch(`${app.url}/trpc/${Array(calls).fill('chat.send').join(',')}?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(inputs),
    });
    expect(batch.status).toBe(400);
    expect(batch.headers.get('content-type')).toMatch(/application\/json/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await app.client().trpc.chat.sessions.query({})).items).toEqual([]);

    const searches = 3000;
    const input = JSON.stringify(
      Object.fromEntries(Array.from({ length: searches }, (_, index) => [index, { query: 'x' }])),
    );
    const search = await fetch(
      `${app.url}/trpc/${Array(searches).fill('files.search').join(',')}?batch=1&input=${encodeURIComponent(input)}`,
    );
    expect(search.status).toBe(400);
    await search.arrayBuffer();
  });

  it('answers a batch whose answer passes the response cap with a small 413, and serves the same call alone', async () => {
    const calls = 20;
    const input = JSON.stringify(Object.fromEntries(Array.from({ length: calls }, (_, index) => [index, {}])));
    const big = await fetch(
      `${app.url}/trpc/${Array(calls).fill('config.get').join(',')}?batch=1&input=${encodeURIComponent(input)}`,
    );
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { data: { domainCode: 'RESPONSE_TOO_LARGE' } } });
    expect((await fetch(`${app.url}/trpc/config.get`)).status).toBe(200);
  });
});
