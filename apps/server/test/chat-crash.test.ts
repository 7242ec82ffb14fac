import { startFakeLlm, type FakeLlmServer } from '@studio/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('keeps the question, records the answer as interrupted, and answers again after a restart', async () => {
    const env = { DATA_DIR: dataDir, LLM_BASE_URL: llm.url, LLM_API_KEY: 'k', LLM_MODEL: 'fake' };
    const first = await spawnServer(env);
    const client = createTestClient(first.url);
    const started = await new Promise<{ sessionId: string; executionId: string }>((resolve, reject) => {
      let start: { sessionId: string; executionId: string } | undefined;
      const subscription = client.trpc.chat.stream.subscribe(
        { message: 'Count to ten slowly' },
        {
          onData: ({ data }) => {
            if (data.type === 'start') start = data;
            if (data.type === 'token' && start) {
              subscription.unsubscribe();
              resolve(start);
            }
          },
          onError: reject,
        },
      );
    });
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    client.close();

    const second = await spawnServer(env);
    const again = createTestClient(second.url, { transport: 'sse' });
    try {
      const execution = await again.trpc.executions.get.query({ executionId: started.executionId });
      expect(execution).toMatchObject({ kind: 'direct', status: 'interrupted', sessionId: started.sessionId });
      const { messages } = await again.trpc.chat.history.query({ sessionId: started.sessionId });
      expect(messages.filter((message) => message.role === 'user').map((message) => message.content)).toEqual([
        'Count to ten slowly',
      ]);

      llm.enqueue({ content: 'Done now.' });
      const answer = await again.trpc.chat.send.mutate({ sessionId: started.sessionId, message: 'Try again' });
      expect(answer.reply).toBe('Done now.');
      const after = await again.trpc.chat.history.query({ sessionId: started.sessionId });
      expect(after.messages.map((message) => message.role)).toEqual(['user', 'user', 'assistant']);
    } finally {
      again.close();
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
    }
  });
});
