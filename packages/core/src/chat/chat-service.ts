import type {
  ChatEvent,
  ChatMessage,
  ChatSendInput,
  ChatSendOutput,
  ChatSessionSummary,
  ChatStreamInput,
  Execution as ExecutionRecord,
  PageInput,
} from '@studio/shared';
import { generateId as defaultGenerateId, systemClock, type Clock, type GenerateId } from '../clock';
import type { ConfigService } from '../config/config-service';
import { InvalidInputError } from '../errors/invalid-input-error';
import { NotFoundError } from '../errors/not-found-error';
import { UnavailableError } from '../errors/unavailable-error';
import type { EventBus } from '../events/event-bus';
import type { LanguageModel } from '../llm/language-model';
import type { Logger } from '../logger';
import type { FileRetriever } from '../ports/file-retriever';
import type { MemoryRecall } from '../ports/memory-recall';
import type { SqliteDatabase } from '../store/database';
import type { WorkTracker } from '../work-tracker';
import { ChatStore } from './chat-store';
import { Execution, type LoggedEvent } from './execution';
import { ExecutionRegistry } from './execution-registry';
import { Orchestrator } from './orchestrator';
import type { PlanRunner } from './plan-runner';
import { sessionTitle } from './session-title';

/** The user id used when a caller names none: a local studio usually has one user. */
export const DEFAULT_USER_ID = 'default';

export interface ChatServiceOptions {
  db: SqliteDatabase;
  bus: EventBus;
  config: ConfigService;
  work: WorkTracker;
  logger: Logger;
  /** Unset: offline mode (extractive answers from files and memories). */
  model?: LanguageModel;
  retriever?: FileRetriever;
  memory?: MemoryRecall;
  planRunner?: PlanRunner;
  clock?: Clock;
  generateId?: GenerateId;
}

/**
 * Chat: sessions and messages, and answers produced as background executions whose events
 * are logged, so streams survive dropped sockets and `chat.cancel` stops an answer at once.
 */
export class ChatService {
  private readonly store: ChatStore;
  private readonly registry = new ExecutionRegistry();
  private readonly orchestrator: Orchestrator;
  private readonly clock: Clock;
  private readonly generateId: GenerateId;

  constructor(private readonly options: ChatServiceOptions) {
    this.store = new ChatStore(options.db);
    this.clock = options.clock ?? systemClock;
    this.generateId = options.generateId ?? defaultGenerateId;
    this.orchestrator = new Orchestrator({
      store: this.store,
      config: options.config,
      logger: options.logger,
      clock: this.clock,
      model: options.model,
      retriever: options.retriever,
      memory: options.memory,
      planRunner: options.planRunner,
    });
    const recovered = this.store.markRunningInterrupted(this.clock.now().toISOString());
    if (recovered > 0) options.logger.warn('answers left unfinished by the last run were recorded as interrupted', { count: recovered });
  }

  /** 'llm' when a language model is configured, else 'offline'. */
  get mode(): 'llm' | 'offline' {
    return this.options.model ? 'llm' : 'offline';
  }

  /** Answers a message and resolves with the whole reply; failures reject with their domain error. */
  async send(input: ChatSendInput): Promise<ChatSendOutput> {
    const execution = this.start(input);
    const final = await execution.done;
    if (final.type === 'error') throw execution.failure ?? new UnavailableError(final.code, final.message);
    return {
      sessionId: execution.sessionId,
      messageId: execution.messageId,
      reply: final.reply,
      citations: final.citations,
      executionId: execution.id,
      mode: execution.mode,
    };
  }

  /**
   * The events of an answer: a new execution, or — given the `lastEventId` of one still retained —
   * the rest of that execution without starting another. Ends after `end` or `error`.
   */
  async *stream(input: ChatStreamInput, signal?: AbortSignal): AsyncGenerator<LoggedEvent> {
    const { lastEventId } = input;
    if (lastEventId) {
      const resumed = this.registry.findByEventId(lastEventId);
      if (!resumed) throw new NotFoundError('event', lastEventId);
      yield* resumed.events(lastEventId, signal);
      return;
    }
    yield* this.start(input).events(undefined, signal);
  }

  /** Stops a running answer (its model stream and any work); false when it had already finished. */
  cancel(executionId: string): { executionId: string; cancelled: boolean } {
    const execution = this.registry.get(executionId);
    if (execution && !execution.finished) {
      execution.abort.abort();
      return { executionId, cancelled: true };
    }
    if (execution || this.store.executionStatus(executionId)) return { executionId, cancelled: false };
    throw new NotFoundError('execution', executionId);
  }

  sessions(input: PageInput = {}): { items: ChatSessionSummary[]; nextCursor: string | null } {
    return this.store.sessions(input.limit ?? 50, input.cursor);
  }

  history(sessionId: string): { messages: ChatMessage[] } {
    if (!this.store.sessionExists(sessionId)) throw new NotFoundError('session', sessionId);
    return { messages: this.store.history(sessionId) };
  }

  /** The execution record of an answer, or undefined for an unknown id. */
  execution(executionId: string): ExecutionRecord | undefined {
    return this.store.execution(executionId, this.options.config.section('orchestrator').token_budget);
  }

  /** Shutdown: answers still running are stopped and recorded as interrupted. */
  interruptAll(): void {
    for (const execution of this.registry.running()) {
      this.store.finishExecution(execution.id, {
        status: 'interrupted',
        tokensUsed: 0,
        error: { code: 'INTERRUPTED', message: 'the server stopped before the answer finished' },
        at: this.clock.now().toISOString(),
      });
      execution.abort.abort();
    }
  }

  private start(input: ChatSendInput): Execution {
    if (input.message.trim() === '') {
      throw new InvalidInputError('EMPTY_MESSAGE', 'message must not be empty', [{ path: 'message', message: 'message must not be empty' }]);
    }
    if (this.options.work.isClosing) throw new UnavailableError('SHUTTING_DOWN', 'the studio is shutting down; try again shortly');
    const at = this.clock.now().toISOString();
    const userId = input.userId ?? DEFAULT_USER_ID;
    let sessionId = input.sessionId;
    if (sessionId) {
      if (!this.store.sessionExists(sessionId)) throw new NotFoundError('session', sessionId);
    } else {
      sessionId = this.generateId();
      this.store.createSession({ id: sessionId, title: sessionTitle(input.message), userId, at });
    }
    const executionId = this.generateId();
    const messageId = this.generateId();
    this.store.addMessage({ id: this.generateId(), sessionId, role: 'user', content: input.message, executionId, at });
    this.store.startExecution({ id: executionId, sessionId, assistantMessageId: messageId, mode: this.mode, at });
    const session = sessionId;
    const execution = new Execution(executionId, session, messageId, this.mode, (event: ChatEvent) =>
      this.options.bus.publish('chat-token', { sessionId: session, executionId, event }).id,
    );
    this.registry.add(execution);
    execution.emit({ type: 'start', sessionId: session, messageId, executionId, mode: this.mode });
    void this.options.work.run(`chat:${executionId}`, (shutdown) =>
      this.orchestrator.run({ execution, userId, message: input.message, fileIds: input.fileIds }, shutdown),
    );
    return execution;
  }
}
