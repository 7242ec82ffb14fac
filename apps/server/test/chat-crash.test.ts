import { startFakeLlm, type FakeLlmServer } from '@studio/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestClient } from './helpers';
import { spawnServer } from './spawn-server';

describe('a chat answer survives SIGKILL of the server', () => {
  let llm: FakeLlmServer;
  let dataDir: string;
  beforeAll(async () => {
    // A slow model, so the kill lands mid-answer.
    llm = await startFakeLlm({
      respond: () => ({ content: 'one two three four five six seven eight nine ten', tokenDelayMs: 200 }),
    });
    dataDir = mkdtempSync(join(tmpdir(), 'studio-chat-crash-'));
  });
  afterAll(async () => {
    await llm.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the question and the partial answer, marked interrupted, and retries it after a restart', async () => {
    const env = { DATA_DIR: dataDir, LLM_BASE_URL: llm.url, LLM_API_KEY: 'k', LLM_MODEL: 'fake' };
    const first = await spawnServer(env);
    const client = createTestClient(first.url);
    let streamed = '';
    const started = await new Promise<{ sessionId: string; executionId: string; messageId: string }>(
      (resolve, reject) => {
        const subscription = client.trpc.chat.stream.subscribe(
          { message: 'Count to ten slowly' },
          {
            onData: ({ data }) => {
              if (data.type === 'start') resolve(data);
              if (data.type === 'token') streamed += data.text;
            },
            onError: reject,
          },
        );
        first.child.once('exit', () => subscription.unsubscribe());
      },
    );
    // Killed mid-answer, once the server has saved part of it (as it does while streaming).
    await vi.waitFor(
      async () => {
        const { messages } = await client.trpc.chat.history.query({ sessionId: started.sessionId });
        expect(messages.at(-1)).toMatchObject({ role: 'assistant', status: 'streaming', content: expect.any(String) });
        expect(messages.at(-1)?.content).not.toBe('');
      },
      { timeout: 10_000, interval: 50 },
    );
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    client.close();
    const full = 'one two three four five six seven eight nine ten';
    expect(streamed.length).toBeLessThan(full.length);

    const second = await spawnServer(env);
    const again = createTestClient(second.url, { transport: 'sse' });
    try {
      const execution = await again.trpc.executions.get.query({ executionId: started.executionId });
      expect(execution).toMatchObject({ kind: 'direct', status: 'interrupted', sessionId: started.sessionId });
      const { messages } = await again.trpc.chat.history.query({ sessionId: started.sessionId });
      expect(messages.map((message) => [message.role, message.status])).toEqual([
        ['user', undefined],
        ['assistant', 'interrupted'],
      ]);
      const partial = messages[1]?.content ?? '';
      expect(partial).toMatch(/^one/);
      expect(full.startsWith(partial) && partial.length < full.length).toBe(true);

      llm.enqueue({ content: 'Done now.' });
      const answer = await again.trpc.chat.retry.mutate({ sessionId: started.sessionId, messageId: started.messageId });
      expect(answer.reply).toBe('Done now.');
      const after = await again.trpc.chat.history.query({ sessionId: started.sessionId });
      expect(after.messages.map((message) => [message.role, message.status, message.content])).toEqual([
        ['user', undefined, 'Count to ten slowly'],
        ['assistant', 'interrupted', partial],
        ['assistant', undefined, 'Done now.'],
      ]);
    } finally {
      again.close();
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
    }
  });
});
