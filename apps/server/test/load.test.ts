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
