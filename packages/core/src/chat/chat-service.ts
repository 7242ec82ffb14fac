import type {
  ChatEvent,
  ChatMessage,
  ChatRetryInput,
  ChatSendInput,
  ChatSendOutput,
  ChatSessionSummary,
  ChatStreamInput,
  ConversationTurn,
  Execution as ExecutionRecord,
  PageInput,
} from '@studio/shared';
import { DEFAULT_USER_ID } from '@studio/shared';
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
import type { Sql } from '../store/sql';
import type { WorkTracker } from '../work-tracker';
import { ChatStore } from './chat-store';
import { Execution, type LoggedEvent } from './execution';
import { deadOwners, newInstanceId, type IsOwnerAlive, type RecoveryOptions } from './execution-owner';
import { followRemoteExecution } from './remote-execution';
import { ExecutionRegistry } from './execution-registry';
import { Orchestrator } from './orchestrator';
import type { PlanRunner } from './plan-runner';
import { sessionTitle } from './session-title';

export interface ChatServiceOptions {
  db: Sql;
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
  /** This server process, recorded as the owner of the answers it runs; a random id by default. */
  instanceId?: string;
}

/** How a new answer starts, beyond its input. */
export interface AnswerOptions {
  /** Turns a client kept itself, stored at the start of a new session before the question. */
  priorTurns?: readonly ConversationTurn[];
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
  private readonly instanceId: string;
  private isOwnerAlive: IsOwnerAlive = async (owner) => owner === this.instanceId;

  constructor(private readonly options: ChatServiceOptions) {
    this.store = new ChatStore(options.db);
    this.clock = options.clock ?? systemClock;
    this.generateId = options.generateId ?? defaultGenerateId;
    this.instanceId = options.instanceId ?? newInstanceId();
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
  }

  /**
   * Startup recovery: answers left 'running' by a process that is gone will never finish, so they
   * are recorded as interrupted. Answers of live processes (`isOwnerAlive`) are left alone.
   */
  async start(options: RecoveryOptions = {}): Promise<void> {
    if (options.isOwnerAlive) this.isOwnerAlive = options.isOwnerAlive;
    // With several processes, `chat.cancel` may reach one that does not run the answer: it asks the others.
    this.options.bus.subscribe('chat-control', ({ data }) => {
      const execution = this.registry.get(data.executionId);
      if (data.action === 'cancel' && execution && !execution.finished) execution.abort.abort();
    });
    const dead = await deadOwners(await this.store.runningOwners(), this.instanceId, options.isOwnerAlive);
    const recovered = await this.store.markRunningInterrupted(this.clock.now().toISOString(), dead);
    // Their partial text stays in history, marked interrupted, for the user to read or retry.
    await this.store.settleStreamingAnswers();
    if (recovered > 0)
      this.options.logger.warn('answers left unfinished by the last run were recorded as interrupted', {
        count: recovered,
      });
  }

  /** 'llm' when a language model is configured, else 'offline'. */
  get mode(): 'llm' | 'offline' {
    return this.options.model ? 'llm' : 'offline';
  }

  /** Answers a message and resolves with the whole reply; failures reject with their domain error. */
  async send(input: ChatSendInput, options: AnswerOptions = {}): Promise<ChatSendOutput> {
    return this.finish(await this.begin(input, options));
  }

  private async finish(execution: Execution): Promise<ChatSendOutput> {
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
   * Answers a question of the session again (`messageId` names the question or an answer to it),
   * as a new answer after the session's messages; resolves like `send`.
   */
  async retry(input: ChatRetryInput): Promise<ChatSendOutput> {
    this.assertOpen();
    const userId = await this.store.sessionUser(input.sessionId);
    if (userId === undefined) throw new NotFoundError('session', input.sessionId);
    const question = await this.store.questionOf(input.sessionId, input.messageId);
    if (!question) throw new NotFoundError('message', input.messageId);
    return this.finish(
      await this.startAnswer({
        sessionId: input.sessionId,
        questionId: question.id,
        message: question.content,
        userId,
      }),
    );
  }

  /**
   * The events of an answer: a new execution, or — given a `lastEventId` — the rest of that
   * execution without starting another, whichever process runs it. Ends after `end` or `error`.
   */
  async *stream(
    input: ChatStreamInput,
    signal?: AbortSignal,
    options: AnswerOptions = {},
  ): AsyncGenerator<LoggedEvent> {
    const { lastEventId } = input;
    if (lastEventId) {
      const resumed = this.registry.findByEventId(lastEventId);
      if (resumed) {
        yield* resumed.events(lastEventId, signal);
        return;
      }
      // Not ours: an answer another process runs (or ran), followed through the shared bus.
      const { bus } = this.options;
      yield* followRemoteExecution(
        { bus, store: this.store, isOwnerAlive: this.isOwnerAlive, now: () => this.clock.now().toISOString() },
        lastEventId,
        signal,
      );
      return;
    }
    yield* (await this.begin(input, options)).events(undefined, signal);
  }

  /** Stops a running answer (its model stream and any work); false when it had already finished. */
  async cancel(executionId: string): Promise<{ executionId: string; cancelled: boolean }> {
    const execution = this.registry.get(executionId);
    if (execution && !execution.finished) {
      execution.abort.abort();
      return { executionId, cancelled: true };
    }
    if (execution) return { executionId, cancelled: false };
    const state = await this.store.executionState(executionId);
    if (!state) throw new NotFoundError('execution', executionId);
    if (state.status !== 'running') return { executionId, cancelled: false };
    await this.options.bus.publish('chat-control', { executionId, action: 'cancel' });
    return { executionId, cancelled: true };
  }

  sessions(input: PageInput = {}): Promise<{ items: ChatSessionSummary[]; nextCursor: string | null }> {
    return this.store.sessions(input.limit ?? 50, input.cursor);
  }

  async history(sessionId: string): Promise<{ messages: ChatMessage[] }> {
    if (!(await this.store.sessionExists(sessionId))) throw new NotFoundError('session', sessionId);
    return { messages: await this.store.history(sessionId) };
  }

  /** The execution record of an answer, or undefined for an unknown id. */
  execution(executionId: string): Promise<ExecutionRecord | undefined> {
    return this.store.execution(executionId, this.options.config.section('orchestrator').token_budget);
  }

  /** Shutdown: answers still running are stopped and recorded as interrupted. */
  async interruptAll(): Promise<void> {
    const at = this.clock.now().toISOString();
    await Promise.all(
      this.registry.running().map(async (execution) => {
        try {
          // Recorded before the abort, so the orchestrator's own 'cancelled' record finds it finished.
          await this.store.finishExecution(execution.id, {
            status: 'interrupted',
            tokensUsed: 0,
            error: { code: 'INTERRUPTED', message: 'the server stopped before the answer finished' },
            at,
          });
        } finally {
          execution.abort.abort();
        }
      }),
    );
  }

  /** No new answer starts once shutdown has begun: it could not finish. */
  private assertOpen(): void {
    if (this.options.work.isClosing)
      throw new UnavailableError('SHUTTING_DOWN', 'the studio is shutting down; try again shortly');
  }

  private async begin(input: ChatSendInput, options: AnswerOptions): Promise<Execution> {
    if (input.message.trim() === '') {
      throw new InvalidInputError('EMPTY_MESSAGE', 'message must not be empty', [
        { path: 'message', message: 'message must not be empty' },
      ]);
    }
    this.assertOpen();
    const at = this.clock.now().toISOString();
    const userId = input.userId ?? DEFAULT_USER_ID;
    let sessionId = input.sessionId;
    if (sessionId) {
      if (!(await this.store.sessionExists(sessionId))) throw new NotFoundError('session', sessionId);
    } else {
      sessionId = this.generateId();
      await this.store.createSession({ id: sessionId, title: sessionTitle(input.message), userId, at });
      // A client that keeps the conversation itself (the OpenAI endpoint) starts the session with it;
      // a continued session already holds its turns.
      for (const turn of options.priorTurns ?? []) {
        await this.store.addMessage({ id: this.generateId(), sessionId, role: turn.role, content: turn.content, at });
      }
    }
    const executionId = this.generateId();
    const questionId = this.generateId();
    await this.store.addMessage({ id: questionId, sessionId, role: 'user', content: input.message, executionId, at });
    return this.startAnswer({ ...input, sessionId, questionId, userId, executionId });
  }

  /** Starts the execution answering the stored question `questionId`. */
  private async startAnswer(input: {
    sessionId: string;
    questionId: string;
    message: string;
    userId: string;
    fileIds?: string[];
    executionId?: string;
  }): Promise<Execution> {
    const { sessionId, userId } = input;
    const at = this.clock.now().toISOString();
    const executionId = input.executionId ?? this.generateId();
    const messageId = this.generateId();
    await this.store.startExecution({
      id: executionId,
      sessionId,
      assistantMessageId: messageId,
      mode: this.mode,
      owner: this.instanceId,
      at,
    });
    const session = sessionId;
    const execution = new Execution(
      executionId,
      session,
      messageId,
      this.mode,
      (event: ChatEvent) =>
        this.options.bus
          .publish('chat-token', { sessionId: session, executionId, event })
          .then((published) => published.id),
      (error) =>
        this.options.logger.warn('a chat event could not be published to the shared bus', {
          executionId,
          error: String(error),
        }),
    );
    this.registry.add(execution);
    execution.emit({ type: 'start', sessionId: session, messageId, executionId, mode: this.mode });
    void this.options.work.run(`chat:${executionId}`, (shutdown) =>
      this.orchestrator.run(
        { execution, userId, questionId: input.questionId, message: input.message, fileIds: input.fileIds },
        shutdown,
      ),
    );
    return execution;
  }
}
