import type {
  ChatMessage,
  ChatRetryInput,
  ChatSendInput,
  ChatSendOutput,
  ChatSessionsInput,
  ChatSessionSummary,
  ChatStreamInput,
  ConversationTurn,
} from '@studio/shared';
import { DEFAULT_USER_ID } from '@studio/shared';
import { generateId as defaultGenerateId, systemClock, type Clock, type GenerateId } from '../clock';
import type { ConfigService } from '../config/config-service';
import { InvalidInputError } from '../errors/invalid-input-error';
import { NotFoundError } from '../errors/not-found-error';
import { UnavailableError } from '../errors/unavailable-error';
import type { EventBus } from '../events/event-bus';
import type { ModelSource } from '../llm/configured-model';
import type { LanguageModel } from '../llm/language-model';
import type { Logger } from '../logger';
import type { FileRetriever } from '../ports/file-retriever';
import type { MemoryRecall } from '../ports/memory-recall';
import type { Sql } from '../store/sql';
import type { WorkTracker } from '../work-tracker';
import { ChatStore } from './chat-store';
import { Executions } from '../executions/executions';
import type { LiveExecution, LoggedEvent } from '../executions/live-execution';
import { Orchestrator } from './orchestrator';
import type { PlanRunner } from './plan-runner';
import { sessionTitle } from './session-title';

/** How long a deleted session can still be restored (undo) before start-up purges it. */
const DELETED_SESSION_KEPT_MS = 24 * 60 * 60 * 1000;

export interface ChatServiceOptions {
  db: Sql;
  bus: EventBus;
  config: ConfigService;
  work: WorkTracker;
  logger: Logger;
  /** Unset: offline mode (extractive answers from files and memories). */
  model?: LanguageModel;
  /** Where the model comes from when it can change while running (the settings); wins over `model`. */
  models?: ModelSource;
  retriever?: FileRetriever;
  memory?: MemoryRecall;
  planRunner?: PlanRunner;
  clock?: Clock;
  generateId?: GenerateId;
  /** The executions owner shared with the agents; one of its own over `db` by default (tests). */
  executions?: Executions;
  /** This server process, when the service builds its own `executions`; a random id by default. */
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
  /** Answers are executions: recorded, resumed, cancelled and recovered there. */
  readonly executions: Executions;
  private readonly store: ChatStore;
  private readonly orchestrator: Orchestrator;
  private readonly clock: Clock;
  private readonly generateId: GenerateId;

  constructor(private readonly options: ChatServiceOptions) {
    this.store = new ChatStore(options.db);
    this.clock = options.clock ?? systemClock;
    this.generateId = options.generateId ?? defaultGenerateId;
    this.executions =
      options.executions ??
      new Executions({
        db: options.db,
        bus: options.bus,
        logger: options.logger,
        clock: this.clock,
        ...(options.instanceId ? { instanceId: options.instanceId } : {}),
      });
    // An interrupted answer's partial text stays in history, marked interrupted, for the user to read or retry.
    this.executions.onInterrupted(() => this.store.settleStreamingAnswers());
    this.orchestrator = new Orchestrator({
      store: this.store,
      executions: this.executions,
      config: options.config,
      logger: options.logger,
      clock: this.clock,
      models: options.models ?? { current: () => options.model },
      retriever: options.retriever,
      memory: options.memory,
      planRunner: options.planRunner,
    });
  }

  /**
   * Chat's own start-up step: sessions deleted long enough ago are purged. (Recovery of unfinished
   * answers is the executions' start-up, run once for every kind of execution.)
   */
  async start(): Promise<void> {
    await this.store.purgeDeleted(new Date(this.clock.now().getTime() - DELETED_SESSION_KEPT_MS).toISOString());
  }

  /** 'llm' when a language model is configured, else 'offline'. */
  get mode(): 'llm' | 'offline' {
    return (this.options.models ? this.options.models.current() : this.options.model) ? 'llm' : 'offline';
  }

  /** Answers a message and resolves with the whole reply; failures reject with their domain error. */
  async send(input: ChatSendInput, options: AnswerOptions = {}): Promise<ChatSendOutput> {
    return this.finish(await this.begin(input, options));
  }

  private async finish(execution: LiveExecution): Promise<ChatSendOutput> {
    const final = await execution.done;
    if (final.type === 'error') {
      // The original (domain) error when there is one; otherwise the error the final event reports.
      throw execution.failure instanceof Error ? execution.failure : new UnavailableError(final.code, final.message);
    }
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
      yield* this.executions.follow(lastEventId, signal);
      return;
    }
    yield* (await this.begin(input, options)).events(undefined, signal);
  }

  /** Stops a running answer (its model stream and any work); false when it had already finished. */
  cancel(executionId: string): Promise<{ executionId: string; cancelled: boolean }> {
    return this.executions.cancel(executionId);
  }

  sessions(input: ChatSessionsInput = {}): Promise<{ items: ChatSessionSummary[]; nextCursor: string | null }> {
    return this.store.sessions(input.limit ?? 50, input.cursor, input.query || undefined);
  }

  /** Gives a session the title the user chose. */
  async renameSession(sessionId: string, title: string): Promise<ChatSessionSummary> {
    const summary = (await this.store.renameSession(sessionId, title))
      ? await this.store.sessionSummary(sessionId)
      : undefined;
    if (!summary) throw new NotFoundError('session', sessionId);
    return summary;
  }

  /** Hides a session at once; `restoreSession` undoes it until it is purged (a day later, at a start-up). */
  async deleteSession(sessionId: string): Promise<{ sessionId: string; deleted: true }> {
    if (!(await this.store.markDeleted(sessionId, this.clock.now().toISOString())))
      throw new NotFoundError('session', sessionId);
    return { sessionId, deleted: true };
  }

  async restoreSession(sessionId: string): Promise<{ sessionId: string; restored: true }> {
    if (!(await this.store.markDeleted(sessionId, null))) throw new NotFoundError('session', sessionId);
    return { sessionId, restored: true };
  }

  async history(sessionId: string): Promise<{ messages: ChatMessage[] }> {
    if (!(await this.store.sessionExists(sessionId))) throw new NotFoundError('session', sessionId);
    return { messages: await this.store.history(sessionId) };
  }

  /** No new answer starts once shutdown has begun: it could not finish. */
  private assertOpen(): void {
    if (this.options.work.isClosing)
      throw new UnavailableError('SHUTTING_DOWN', 'the studio is shutting down; try again shortly');
  }

  private async begin(input: ChatSendInput, options: AnswerOptions): Promise<LiveExecution> {
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
  }): Promise<LiveExecution> {
    const { sessionId, userId } = input;
    const executionId = input.executionId ?? this.generateId();
    const messageId = this.generateId();
    const execution = await this.executions.begin({
      id: executionId,
      sessionId,
      messageId,
      mode: this.mode,
      tokenBudget: this.options.config.section('orchestrator').token_budget,
    });
    execution.emit({ type: 'start', sessionId, messageId, executionId, mode: this.mode });
    void this.options.work.run(`chat:${executionId}`, (shutdown) =>
      this.orchestrator.run(
        { execution, userId, questionId: input.questionId, message: input.message, fileIds: input.fileIds },
        shutdown,
      ),
    );
    return execution;
  }
}
