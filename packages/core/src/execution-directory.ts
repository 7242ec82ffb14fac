import type { Execution } from '@studio/shared';
import type { AgentService } from './agents/agent-service';
import type { ChatService } from './chat/chat-service';
import { NotFoundError } from './errors/not-found-error';

/**
 * Every execution by id: a plan or workflow run with its graph, or — for an answer given directly —
 * the chat execution record, so an interrupted or cancelled answer can be looked up either way.
 */
export class ExecutionDirectory {
  constructor(
    private readonly agents: Pick<AgentService, 'get' | 'list'>,
    private readonly chat: Pick<ChatService, 'execution'>,
  ) {}

  async get(executionId: string): Promise<Execution> {
    try {
      return await this.agents.get(executionId);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      const direct = await this.chat.execution(executionId);
      if (direct) return direct;
      throw error;
    }
  }

  /** Plan and workflow executions, newest first. */
  list(
    input: { sessionId?: string; limit?: number; cursor?: string } = {},
  ): Promise<{ items: Execution[]; nextCursor: string | null }> {
    return this.agents.list(input);
  }
}
