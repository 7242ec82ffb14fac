import type { ChatEvent } from '@studio/shared';
import { buildPdf, startFakeLlm, type FakeLlmServer } from '@studio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startTestStudio, uploadAndIndex, type TestStudio } from './helpers';

type Tracked = { id: string; data: ChatEvent };

const handbook = buildPdf([
  { lines: ['Welcome to Acme.', 'The office opens at nine and the canteen serves lunch from noon.'] },
  { lines: ['Leaving the company.', 'Employees must give a notice period of thirty days before leaving Acme.'] },
]);

/** Uploads through the plain route a browser or curl would use, and waits until it is searchable. */

function ask(app: TestStudio, message: string, fileIds?: string[]): Promise<Tracked[]> {
  const { trpc } = app.client({ transport: 'ws' });
  return collect<Tracked>(
    (handlers) => trpc.chat.stream.subscribe({ message, fileIds }, handlers),
    (events) => ['end', 'error'].includes(events.at(-1)?.data.type ?? ''),
  );
}

function endOf(events: Tracked[]): Extract<ChatEvent, { type: 'end' }> {
  const end = events.at(-1)?.data;
  if (end?.type !== 'end') throw new Error(`expected end, got ${JSON.stringify(end)}`);
  return end;
}

describe('chat answers about an uploaded file', () => {
  let llm: FakeLlmServer;
  let offline: TestStudio;
  let online: TestStudio;

  beforeAll(async () => {
    // The model cites whichever numbered source holds the notice period, as a real model would.
    llm = await startFakeLlm({
      respond: (request) => {
        const system = String(request.messages[0]?.content ?? '');
        const number = /\[(\d+)\] handbook\.pdf, page 2\n/.exec(system)?.[1] ?? '0';
        return { content: `Employees must give thirty days of notice [${number}].` };
      },
    });
    [offline, online] = await Promise.all([
      startTestStudio(),
      startTestStudio({ studio: { llm: { baseURL: llm.url, model: 'fake' } } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([offline?.close(), online?.close()]);
    await llm.stop();
  });

  it('offline: streams an extractive answer cited with file and page, saying no model is configured', async () => {
    const file = await uploadAndIndex(offline, 'handbook.pdf', handbook);
    const events = await ask(offline, 'How long is the notice period?');
    const end = endOf(events);
    expect(events[0]?.data).toMatchObject({ type: 'start', mode: 'offline' });
    expect(end.reply).toContain('No language model is configured');
    expect(end.reply).toContain('handbook.pdf, page 2');
    expect(end.reply).toContain('notice period of thirty days');
    expect(end.citations[0]).toMatchObject({ fileId: file.fileId, fileName: 'handbook.pdf', page: 2 });
    expect(end.citations[0]?.snippet).toContain('thirty days');
    const tokens = events.flatMap((event) => (event.data.type === 'token' ? [event.data.text] : []));
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.join('')).toBe(end.reply);
  });

  it('with a model: the prompt carries numbered sources with pages and [n] maps to the real chunk', async () => {
    const file = await uploadAndIndex(online, 'handbook.pdf', handbook);
    const { trpc } = online.client();
    const { hits } = await trpc.files.search.query({ query: 'notice period', fileIds: [file.fileId] });
    const top = hits[0];
    expect(top?.page).toBe(2);

    const events = await ask(online, 'What is the notice period?', [file.fileId]);
    const end = endOf(events);
    expect(end.reply).toMatch(/^Employees must give thirty days of notice \[[1-9]\d*\]\.$/);
    expect(end.citations).toEqual([expect.objectContaining({ fileId: file.fileId, chunkId: top?.chunkId, page: 2 })]);
    expect(events.filter((event) => event.data.type === 'citation')).toHaveLength(1);
    const system = String(llm.requests.at(-1)?.messages[0]?.content);
    expect(system).toMatch(/\[\d+\] handbook\.pdf, page 2\n.*notice period of thirty days/);

    const history = await trpc.chat.history.query({ sessionId: startSession(events) });
    expect(history.messages.at(-1)).toMatchObject({
      role: 'assistant',
      citations: [expect.objectContaining({ chunkId: top?.chunkId })],
    });
  });
});

function startSession(events: Tracked[]): string {
  const start = events[0]?.data;
  if (start?.type !== 'start') throw new Error('expected start');
  return start.sessionId;
}
