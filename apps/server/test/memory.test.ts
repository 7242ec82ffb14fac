import { startFakeLlm, type FakeLlmServer } from '@studio/testing';
import { TRPCClientError } from '@trpc/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestStudio, type TestStudio } from './helpers';

describe('memory over the real server and tRPC client', () => {
  let app: TestStudio;

  beforeAll(async () => {
    app = await startTestStudio();
  });
  afterAll(async () => {
    await app.close();
  });

  it('adds, pages, searches, updates, clears and answers errors over HTTP', async () => {
    const { trpc } = app.client();
    const ids: string[] = [];
    for (const content of ['Likes oolong tea.', 'Owns a grey cat named Turing.', 'Runs on Tuesdays.']) {
      ids.push((await trpc.memory.add.mutate({ type: 'fact', content, userId: 'wire' })).id);
    }
    const page = await trpc.memory.list.query({ userId: 'wire', limit: 2 });
    expect(page.total).toBe(3);
    expect(page.items.map((item) => item.id)).toEqual([ids[2], ids[1]]);
    const rest = await trpc.memory.list.query({ userId: 'wire', limit: 2, cursor: page.nextCursor ?? undefined });
    expect(rest).toMatchObject({ nextCursor: null, items: [{ id: ids[0] }] });

    const { hits } = await trpc.memory.search.query({ query: 'cat named Turing', userId: 'wire', k: 1 });
    expect(hits[0]).toMatchObject({ id: ids[1], type: 'fact', content: 'Owns a grey cat named Turing.' });
    const updated = await trpc.memory.update.mutate({ id: ids[1] ?? '', content: 'Owns two grey cats.' });
    expect(updated.content).toBe('Owns two grey cats.');

    const empty = await trpc.memory.add.mutate({ type: 'fact', content: '' }).catch((error: unknown) => error);
    expect(empty).toBeInstanceOf(TRPCClientError);
    expect((empty as TRPCClientError<never>).data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    const missing = await trpc.memory.get.query({ id: 'missing-id' }).catch((error: unknown) => error);
    expect((missing as TRPCClientError<never>).data).toMatchObject({
      code: 'NOT_FOUND',
      httpStatus: 404,
      domainCode: 'MEMORY_NOT_FOUND',
    });

    expect(await trpc.memory.clear.mutate({ userId: 'wire' })).toEqual({ deleted: 3 });
    expect((await trpc.memory.list.query({ userId: 'wire' })).total).toBe(0);
  });
});

describe('memory with a language model, through chat', () => {
  let llm: FakeLlmServer;
  let app: TestStudio;

  beforeAll(async () => {
    llm = await startFakeLlm({
      extract: (request) =>
        String(request.messages[1]?.content).includes('Grace Hopper')
          ? { json: { memory: [{ id: '0', text: "User's name is Grace Hopper", attributed_to: 'user' }] } }
          : { json: { memory: [] } },
    });
    app = await startTestStudio({ studio: { llm: { baseURL: llm.url, model: 'fake', retry: { maxRetries: 0 } } } });
  });
  afterAll(async () => {
    await app.close();
    await llm.stop();
  });

  it('captures through Mem0 inference after a turn and hands the profile to the model in a new session', async () => {
    const { trpc } = app.client();
    const first = await trpc.chat.send.mutate({ message: 'Hi, I am Grace Hopper.', userId: 'grace' });
    await vi.waitFor(async () => {
      const profile = await trpc.memory.list.query({ userId: 'grace', type: 'profile' });
      expect(profile.items.map((item) => item.content)).toEqual(["User's name is Grace Hopper"]);
    });
    expect(llm.extractionRequests.length).toBeGreaterThanOrEqual(1);

    llm.enqueue({ content: 'You are Grace Hopper.' });
    const second = await trpc.chat.send.mutate({ message: 'What is my name?', userId: 'grace' });
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(second.reply).toBe('You are Grace Hopper.');
    const prompt = JSON.stringify(llm.requests.at(-1)?.messages);
    expect(prompt).toContain("User's name is Grace Hopper");
  });
});

describe('memory across a server restart', () => {
  it('serves the same memories after the server stops and starts on the same data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'studio-memory-restart-'));
    try {
      let app = await startTestStudio({ dataDir });
      let { trpc } = app.client();
      await trpc.chat.send.mutate({
        message: 'My name is Ada Lovelace. Remember that the demo is on Friday.',
        userId: 'ada',
      });
      await vi.waitFor(async () => expect((await trpc.memory.list.query({ userId: 'ada' })).total).toBe(3));
      const before = await trpc.memory.list.query({ userId: 'ada' });
      await app.close();

      app = await startTestStudio({ dataDir });
      try {
        ({ trpc } = app.client());
        expect(await trpc.memory.list.query({ userId: 'ada' })).toEqual(before);
        const answer = await trpc.chat.send.mutate({ message: 'What is my name?', userId: 'ada' });
        expect(answer.reply).toContain('Ada Lovelace');
      } finally {
        await app.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
