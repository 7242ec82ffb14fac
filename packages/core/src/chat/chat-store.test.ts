import type { Citation } from '@studio/shared';
import { afterAll, describe, expect, it } from 'vitest';
import type { Sql } from '../store/sql';
import { allMigrations } from '../all-migrations';
import { ChatStore } from './chat-store';
import { DIALECTS, testDatabases } from '../store/test-support/dialects';

// Every step: an answer's message is settled by the state of its execution (the executions table).
const databases = testDatabases(allMigrations, 'chat');
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
});
