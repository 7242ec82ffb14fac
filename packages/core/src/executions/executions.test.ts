import { afterAll, describe, expect, it } from 'vitest';
import { allMigrations } from '../all-migrations';
import { InMemoryEventBus } from '../events/in-memory-event-bus';
import { createConsoleLogger } from '../logger';
import type { Sql } from '../store/sql';
import { testDatabases } from '../store/test-support/dialects';
import { Executions } from './executions';

const databases = testDatabases(allMigrations, 'executions_owner');
afterAll(() => databases.closeAll());
const logger = createConsoleLogger('silent');

const build = (db: Sql, bus: InMemoryEventBus, instanceId: string) => new Executions({ db, bus, logger, instanceId });

describe('Executions', () => {
  it('records a direct answer and a plan in one place, readable by id either way', async () => {
    const db = await databases.open('sqlite');
    const executions = build(db, new InMemoryEventBus(), 'me');
    const live = await executions.begin({
      id: 'answer',
      sessionId: 's1',
      messageId: 'm1',
      mode: 'offline',
      tokenBudget: 9,
    });
    await executions.save({
      executionId: 'plan',
      sessionId: 's1',
      kind: 'plan',
      status: 'running',
      tokensUsed: 0,
      tokenBudget: 9,
      tasks: [],
      createdAt: '2026-01-01T10:00:00.000Z',
    });
    expect(await executions.get('answer')).toMatchObject({ kind: 'direct', status: 'running', tokenBudget: 9 });
    expect(await executions.get('plan')).toMatchObject({ kind: 'plan', status: 'running' });
    await expect(executions.get('nope')).rejects.toMatchObject({ code: 'EXECUTION_NOT_FOUND' });
    expect((await executions.list()).items.map((item) => item.executionId)).toEqual(['plan']);

    expect(await executions.cancel('answer')).toEqual({ executionId: 'answer', cancelled: true });
    expect(live.abort.signal.aborted).toBe(true);
    await expect(executions.cancel('nope')).rejects.toMatchObject({ code: 'EXECUTION_NOT_FOUND' });
  });

  it('asks the process that runs an execution to cancel it, over the bus', async () => {
    const db = await databases.open('sqlite');
    const bus = new InMemoryEventBus();
    const owner = build(db, bus, 'owner');
    const other = build(db, bus, 'other');
    await owner.start();
    await other.start({ isOwnerAlive: async () => true });
    const live = await owner.begin({ id: 'e1', sessionId: 's1', messageId: 'm1', mode: 'offline', tokenBudget: 9 });
    const aborted = new Promise((resolve) => live.abort.signal.addEventListener('abort', resolve));
    expect(await other.cancel('e1')).toEqual({ executionId: 'e1', cancelled: true });
    await aborted;
  });

  it('recovers once at start-up: a dead owner’s executions are interrupted and listeners told', async () => {
    const db = await databases.open('sqlite');
    const bus = new InMemoryEventBus();
    await build(db, bus, 'dead').begin({ id: 'lost', sessionId: 's1', messageId: 'm1', mode: 'llm', tokenBudget: 9 });
    await build(db, bus, 'alive').begin({ id: 'kept', sessionId: 's1', messageId: 'm2', mode: 'llm', tokenBudget: 9 });
    const executions = build(db, bus, 'me');
    const told: (readonly string[])[] = [];
    executions.onInterrupted(async (ids) => told.push(ids));
    const isOwnerAlive = async (owner: string) => owner === 'alive';
    await executions.start({ isOwnerAlive });
    await executions.start({ isOwnerAlive });
    expect(told).toEqual([['lost']]);
    expect(await executions.get('lost')).toMatchObject({
      status: 'interrupted',
      error: expect.stringMatching(/^INTERRUPTED: /),
    });
    expect((await executions.get('kept')).status).toBe('running');
  });
});
