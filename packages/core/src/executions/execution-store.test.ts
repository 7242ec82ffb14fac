import type { Execution, ExecutionTask } from '@studio/shared';
import { afterAll, describe, expect, it } from 'vitest';
import type { Sql } from '../store/sql';
import { allMigrations } from '../all-migrations';
import { ExecutionStore } from './execution-store';
import { DIALECTS, testDatabases } from '../store/test-support/dialects';

const databases = testDatabases(allMigrations, 'executions');
afterAll(() => databases.closeAll());
const dialects = DIALECTS.map((dialect) => [dialect, () => databases.open(dialect)] as const);

async function open(factory: () => Promise<Sql>): Promise<Sql> {
  const sql = await factory();
  return sql;
}

const task = (id: string, status: ExecutionTask['status']): ExecutionTask => ({
  id,
  name: `Task ${id}`,
  description: 'find facts',
  dependencies: [],
  expectedOutput: 'facts',
  successCriteria: 'sourced',
  assignedAgent: 'researcher',
  complexity: 2,
  status,
  attempts: status === 'pending' ? 0 : 1,
});

const execution = (id: string, sessionId: string, overrides: Partial<Execution> = {}): Execution => ({
  executionId: id,
  sessionId,
  kind: 'plan',
  status: 'running',
  tokensUsed: 0,
  tokenBudget: 1000,
  tasks: [task('a', 'running'), task('b', 'pending')],
  createdAt: '2026-01-01T10:00:00.000Z',
  request: 'First a, then b.',
  ...overrides,
});

describe.each(dialects)('ExecutionStore on %s', (_name, factory) => {
  it('lists newest first by session with a cursor; a later save keeps the position', async () => {
    const store = new ExecutionStore(await open(factory), 'me');
    await store.save(execution('e1', 's1'));
    await store.save(execution('e2', 's2'));
    await store.save(execution('e3', 's1'));
    const citations = [{ fileId: 'f', fileName: 'a.txt', chunkId: 'a:0', snippet: 'x', score: 1 }];
    await store.save(
      execution('e1', 's1', {
        status: 'completed',
        answer: 'done',
        citations,
        tokensUsed: 7,
        finishedAt: '2026-01-01T10:01:00.000Z',
      }),
    );

    expect((await store.list({})).items.map((item) => item.executionId)).toEqual(['e3', 'e2', 'e1']);
    const page = await store.list({ sessionId: 's1', limit: 1 });
    expect(page.items.map((item) => item.executionId)).toEqual(['e3']);
    const rest = await store.list({ sessionId: 's1', limit: 1, cursor: page.nextCursor ?? undefined });
    expect(rest).toEqual({ items: [expect.objectContaining({ executionId: 'e1' })], nextCursor: null });
    expect(await store.get('e1')).toEqual(
      execution('e1', 's1', {
        status: 'completed',
        answer: 'done',
        citations,
        tokensUsed: 7,
        finishedAt: '2026-01-01T10:01:00.000Z',
      }),
    );
    await expect(store.get('nope')).rejects.toMatchObject({ code: 'EXECUTION_NOT_FOUND' });
  });

  it('applies saves of one execution in the order they were made, even when not awaited', async () => {
    const store = new ExecutionStore(await open(factory), 'me');
    const states = Array.from({ length: 20 }, (_, index) => execution('e1', 's1', { tokensUsed: index }));
    for (const state of states) void store.save(state);
    expect((await store.get('e1')).tokensUsed).toBe(19);
  });

  it('interrupts only the running executions of the owners named dead, cancelling their unfinished tasks', async () => {
    const sql = await open(factory);
    await new ExecutionStore(sql, 'dead').save(execution('lost', 's1'));
    await new ExecutionStore(sql, 'dead').save(
      execution('finished', 's1', { status: 'completed', tasks: [task('a', 'completed')] }),
    );
    await new ExecutionStore(sql, 'live').save(execution('alive', 's1'));
    const store = new ExecutionStore(sql, 'me');
    // A save by another process does not take the execution over.
    await store.save(execution('alive', 's1', { tokensUsed: 5 }));

    expect((await store.runningOwners()).sort()).toEqual(['dead', 'live']);
    expect(await store.markInterrupted('2026-01-01T11:00:00.000Z', [])).toEqual([]);
    expect(await store.markInterrupted('2026-01-01T11:00:00.000Z', ['dead'])).toEqual(['lost']);
    expect(await store.get('lost')).toMatchObject({
      status: 'interrupted',
      error: 'INTERRUPTED: the server stopped before this execution finished',
      finishedAt: '2026-01-01T11:00:00.000Z',
      tasks: [
        { id: 'a', status: 'cancelled', error: 'interrupted' },
        { id: 'b', status: 'cancelled', error: 'interrupted' },
      ],
    });
    expect((await store.get('finished')).status).toBe('completed');
    expect((await store.get('alive')).status).toBe('running');
    expect(await store.runningOwners()).toEqual(['live']);
  });

  it('records a direct answer, finishes it once, lets a plan take its record over, and lists plans only', async () => {
    const sql = await open(factory);
    const store = new ExecutionStore(sql, 'me');
    const start = (id: string) =>
      store.start({
        id,
        sessionId: 's1',
        messageId: `${id}-reply`,
        mode: 'llm',
        tokenBudget: 500,
        at: '2026-01-01T10:00:00.000Z',
      });
    await start('answer');
    await start('planned');
    await store.finish('answer', { status: 'completed', tokensUsed: 42, at: '2026-01-01T10:00:05.000Z' });
    // Finishing twice changes nothing: the first outcome stands.
    await store.finish('answer', {
      status: 'failed',
      tokensUsed: 1,
      error: { code: 'X', message: 'late' },
      at: '2026-01-01T10:00:06.000Z',
    });
    expect(await store.get('answer')).toEqual({
      executionId: 'answer',
      sessionId: 's1',
      kind: 'direct',
      status: 'completed',
      tokensUsed: 42,
      tokenBudget: 500,
      tasks: [],
      createdAt: '2026-01-01T10:00:00.000Z',
      finishedAt: '2026-01-01T10:00:05.000Z',
    });
    expect(await store.state('answer')).toEqual({ status: 'completed', owner: 'me' });
    expect(await store.state('nope')).toBeUndefined();

    // The router decided on a plan: the same row becomes the plan's, keeping its message and owner.
    await new ExecutionStore(sql, 'other').save(execution('planned', 's1', { createdAt: '2026-01-01T10:00:01.000Z' }));
    expect(await store.get('planned')).toMatchObject({ kind: 'plan', createdAt: '2026-01-01T10:00:00.000Z' });
    expect(await sql.get('SELECT message_id, mode, owner FROM executions WHERE id = ?', ['planned'])).toEqual({
      message_id: 'planned-reply',
      mode: 'llm',
      owner: 'me',
    });
    expect((await store.list({})).items.map((item) => item.executionId)).toEqual(['planned']);
    await store.finish('planned', {
      status: 'cancelled',
      tokensUsed: 3,
      error: { code: 'CANCELLED', message: 'stop' },
      at: '2026-01-01T10:00:07.000Z',
    });
    expect(await store.get('planned')).toMatchObject({ status: 'cancelled', error: 'CANCELLED: stop' });
  });
});
