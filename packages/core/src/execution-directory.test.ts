import type { Execution } from '@studio/shared';
import { describe, expect, it } from 'vitest';
import type { AgentService } from './agents/agent-service';
import type { ChatService } from './chat/chat-service';
import { NotFoundError } from './errors/not-found-error';
import { ExecutionDirectory } from './execution-directory';

const record = (executionId: string, kind: Execution['kind']): Execution => ({
  executionId,
  kind,
  status: 'completed',
  tokensUsed: 0,
  tokenBudget: 1000,
  tasks: [],
  createdAt: '2026-01-01T10:00:00.000Z',
});

/** Plan executions by id, as the agent service answers for them. */
class FakeAgents implements Pick<AgentService, 'get' | 'list'> {
  constructor(private readonly records: Map<string, Execution>) {}
  async get(executionId: string): Promise<Execution> {
    if (executionId === 'broken') throw new Error('store down');
    const found = this.records.get(executionId);
    if (!found) throw new NotFoundError('execution', executionId);
    return found;
  }
  async list(): Promise<{ items: Execution[]; nextCursor: string | null }> {
    return { items: [...this.records.values()], nextCursor: null };
  }
}

/** Direct answers by id, as the chat service answers for them. */
class FakeChat implements Pick<ChatService, 'execution'> {
  async execution(executionId: string): Promise<Execution | undefined> {
    return executionId === 'answer' ? record('answer', 'direct') : undefined;
  }
}

describe('ExecutionDirectory', () => {
  const directory = new ExecutionDirectory(new FakeAgents(new Map([['plan', record('plan', 'plan')]])), new FakeChat());

  it('finds a plan execution first, else a direct answer, else reports it not found', async () => {
    expect(await directory.get('plan')).toMatchObject({ kind: 'plan' });
    expect(await directory.get('answer')).toMatchObject({ kind: 'direct' });
    await expect(directory.get('nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(directory.get('broken')).rejects.toThrow('store down');
  });

  it('lists plan executions', async () => {
    expect((await directory.list()).items.map((item) => item.executionId)).toEqual(['plan']);
  });
});
