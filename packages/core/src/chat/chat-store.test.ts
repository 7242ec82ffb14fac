import type { Citation } from '@studio/shared';
import { afterAll, describe, expect, it } from 'vitest';
import type { Sql } from '../store/sql';
import { chatMigrations } from './chat-migrations';
import { ChatStore } from './chat-store';
import { DIALECTS, testDatabases } from '../store/test-support/dialects';

// Chat's own schema steps only: the store's tables refer to no other domain's.
const databases = testDatabases(chatMigrations, 'chat');
afterAll(() => databases.closeAll());
const dialects = DIALECTS.map((dialect) => [dialect, () => databases.open(dialect)] as const);

const citation: Citation = {
  fileId: 'f1',
  fileName: 'report.pdf',
  chunkId: 'c1',
  snippet: 'The budget is 42,000 euros.',
  score: 0.9,
  page: 3,
};

async function open(factory: () => Promise<Sql>): Promise<{ sql: Sql; store: ChatStore }> {
  const sql = await factory();
  return { sql, store: new ChatStore(sql) };
}

describe.each(dialects)('ChatStore on %s', (_name, factory) => {
  it('keeps sessions newest first with a cursor, and messages in order with their citations', async () => {
    const { store } = await open(factory);
    await store.createSession({ id: 's1', title: 'Budget', userId: 'ada', at: '2026-01-01T10:00:00.000Z' });
    await store.createSession({ id: 's2', title: 'Travel', userId: 'ada', at: '2026-01-01T11:00:00.000Z' });
    await store.createSession({ id: 's3', title: 'Other', userId: 'ada', at: '2026-01-01T11:00:00.000Z' });
    expect(await store.sessionExists('s1')).toBe(true);
    expect(await store.sessionExists('nope')).toBe(false);

    await store.addMessage({
      id: 'm1',
      sessionId: 's1',
      role: 'user',
      content: 'What is the budget?',
      executionId: 'e1',
      at: '2026-01-01T12:00:00.000Z',
    });
    await store.addMessage({
      id: 'm2',
      sessionId: 's1',
      role: 'assistant',
      content: 'It is 42,000 euros [1].',
      citations: [citation],
      executionId: 'e1',
      at: '2026-01-01T12:00:00.000Z',
    });
    await store.addMessage({
      id: 'm3',
      sessionId: 's1',
      role: 'user',
      content: 'And travel?',
      at: '2026-01-01T12:01:00.000Z',
    });

    expect(await store.history('s1')).toEqual([
      { id: 'm1', role: 'user', content: 'What is the budget?', citations: [], createdAt: '2026-01-01T12:00:00.000Z' },
      {
        id: 'm2',
        role: 'assistant',
        content: 'It is 42,000 euros [1].',
        citations: [citation],
        createdAt: '2026-01-01T12:00:00.000Z',
      },
      { id: 'm3', role: 'user', content: 'And travel?', citations: [], createdAt: '2026-01-01T12:01:00.000Z' },
    ]);
    expect((await store.messagesBefore('s1', 'm3', 2)).map((message) => message.id)).toEqual(['m1', 'm2']);
    expect((await store.messagesBefore('s1', 'm3', 1)).map((message) => message.id)).toEqual(['m2']);
    expect(await store.messagesBefore('s1', 'm3', 0)).toEqual([]);
    expect(await store.questionOf('s1', 'm2')).toEqual({ id: 'm1', content: 'What is the budget?' });
    expect(await store.questionOf('s1', 'm3')).toEqual({ id: 'm3', content: 'And travel?' });
    expect(await store.questionOf('s3', 'm2')).toBeUndefined();

    // A message moves its session to the front; equal times are ordered by id, newest page first.
    const first = await store.sessions(2);
    expect(first.items).toEqual([
      { sessionId: 's1', title: 'Budget', updatedAt: '2026-01-01T12:01:00.000Z', messageCount: 3 },
      { sessionId: 's3', title: 'Other', updatedAt: '2026-01-01T11:00:00.000Z', messageCount: 0 },
    ]);
    expect(first.nextCursor).toBe('2026-01-01T11:00:00.000Z|s3');
    const second = await store.sessions(2, first.nextCursor ?? undefined);
    expect(second).toEqual({
      items: [{ sessionId: 's2', title: 'Travel', updatedAt: '2026-01-01T11:00:00.000Z', messageCount: 0 }],
      nextCursor: null,
    });
  });

  it('records executions, and interrupts at startup only the running ones of the owners named dead', async () => {
    const { store } = await open(factory);
    await store.createSession({ id: 's1', title: 'Budget', userId: 'ada', at: '2026-01-01T10:00:00.000Z' });
    const start = (id: string, owner: string) =>
      store.startExecution({
        id,
        sessionId: 's1',
        assistantMessageId: `${id}-reply`,
        mode: 'llm',
        owner,
        at: '2026-01-01T10:00:00.000Z',
      });
    await start('done', 'dead');
    await start('lost', 'dead');
    await start('alive', 'live');
    await store.finishExecution('done', { status: 'completed', tokensUsed: 42, at: '2026-01-01T10:00:05.000Z' });
    // Finishing twice changes nothing: the first outcome stands.
    await store.finishExecution('done', {
      status: 'failed',
      tokensUsed: 1,
      error: { code: 'X', message: 'late' },
      at: '2026-01-01T10:00:06.000Z',
    });

    expect((await store.executionState('done'))?.status).toBe('completed');
    expect(await store.executionState('nope')).toBeUndefined();
    expect(await store.execution('done', 1000)).toEqual({
      executionId: 'done',
      sessionId: 's1',
      kind: 'direct',
      status: 'completed',
      tokensUsed: 42,
      tokenBudget: 1000,
      tasks: [],
      createdAt: '2026-01-01T10:00:00.000Z',
      finishedAt: '2026-01-01T10:00:05.000Z',
    });
    expect(await store.execution('nope', 1000)).toBeUndefined();

    expect((await store.runningOwners()).sort()).toEqual(['dead', 'live']);
    expect(await store.markRunningInterrupted('2026-01-01T11:00:00.000Z', [])).toBe(0);
    expect(await store.markRunningInterrupted('2026-01-01T11:00:00.000Z', ['dead'])).toBe(1);
    expect(await store.execution('lost', 1000)).toMatchObject({
      status: 'interrupted',
      error: 'INTERRUPTED: the server stopped before the answer finished',
      finishedAt: '2026-01-01T11:00:00.000Z',
    });
    expect(await store.executionState('alive')).toEqual({ status: 'running', owner: 'live' });
    expect(await store.runningOwners()).toEqual(['live']);
  });
});
