import type { ChatMessage, Citation, ExecutionStatus, MemoryHit, OrchestratorConfig, SearchHit } from '@studio/shared';
import type { Clock } from '../clock';
import type { ConfigService } from '../config/config-service';
import { CancelledError } from '../errors/cancelled-error';
import { DomainError } from '../errors/domain-error';
import { LlmError } from '../errors/llm-error';
import { TimeoutError } from '../errors/timeout-error';
import type { ModelSource } from '../llm/configured-model';
import type { Logger } from '../logger';
import type { FileRetriever } from '../ports/file-retriever';
import type { MemoryRecall } from '../ports/memory-recall';
import { answerAboutUser, answerOffline, answerWithModel, type AnswerContext } from './answer-strategies';
import type { Executions } from '../executions/executions';
import type { LiveExecution } from '../executions/live-execution';
import type { ChatStore } from './chat-store';
import { PartialAnswer } from './partial-answer';
import { isAboutUser } from './personal-answer';
import type { PlanRunner } from './plan-runner';
import { TokenMeter } from './token-meter';

type FinishedStatus = Exclude<ExecutionStatus, 'running' | 'completed'>;

/** Longest query sent to retrieval and memory recall; a pasted document is not a search query. */
const MAX_QUERY_CHARS = 2000;
/** Messages shorter than this many words are treated as follow-ups of the previous question. */
const SHORT_FOLLOW_UP_WORDS = 6;

export interface OrchestratorDeps {
  store: ChatStore;
  executions: Executions;
  config: ConfigService;
  logger: Logger;
  clock: Clock;
  /** The model for the next answer; none: offline mode. */
  models: ModelSource;
  retriever?: FileRetriever;
  memory?: MemoryRecall;
  planRunner?: PlanRunner;
}

/** One user message (`questionId`) to answer inside an execution. */
export interface AnswerRequest {
  execution: LiveExecution;
  userId: string;
  questionId: string;
  message: string;
  fileIds?: string[];
}

/** Whether a failed model gives way to the offline answer (`orchestrator.fallback_behavior`). */
function offlineFallback(limits: OrchestratorConfig): boolean {
  return limits.fallback_behavior !== 'error';
}

/**
 * The Main Orchestrator: routes the request, then hands it over to a plan or gathers history,
 * memories and file passages and answers directly (with the model, or extractively offline),
 * within the orchestrator limits.
 * It never throws: every outcome ends the execution's stream with `end` or `error` and is recorded.
 */
export class Orchestrator {
  constructor(private readonly deps: OrchestratorDeps) {}

  async run(request: AnswerRequest, shutdown: AbortSignal): Promise<void> {
    const { execution } = request;
    const limits = this.deps.config.section('orchestrator');
    const controller = new AbortController();
    const interrupted = new CancelledError('the server stopped before the answer finished');
    const abortWith = (reason: unknown) => {
      if (!controller.signal.aborted) controller.abort(reason);
    };
    const onCancel = () => abortWith(new CancelledError('the answer was cancelled'));
    const onShutdown = () => abortWith(interrupted);
    execution.abort.signal.addEventListener('abort', onCancel, { once: true });
    shutdown.addEventListener('abort', onShutdown, { once: true });
    if (execution.abort.signal.aborted) onCancel();
    if (shutdown.aborted) onShutdown();
    const timer = setTimeout(
      () =>
        abortWith(
          new TimeoutError(`the answer took longer than ${limits.timeout_seconds} s (orchestrator.timeout_seconds)`),
        ),
      limits.timeout_seconds * 1000,
    );
    const meter = new TokenMeter(limits.token_budget);
    const signal = controller.signal;
    const answer = new PartialAnswer(this.deps.store, execution, this.deps.clock, this.deps.logger);
    try {
      const citations = await this.answer(request, meter, signal);
      signal.throwIfAborted();
      await this.complete(request, answer, citations, meter.used);
    } catch (error) {
      const reason = signal.aborted ? signal.reason : error;
      const status: FinishedStatus =
        reason === interrupted ? 'interrupted' : reason instanceof CancelledError ? 'cancelled' : 'failed';
      await this.fail(execution, answer, reason, status, meter.used);
    } finally {
      answer.close();
      clearTimeout(timer);
      execution.abort.signal.removeEventListener('abort', onCancel);
      shutdown.removeEventListener('abort', onShutdown);
    }
  }

  /**
   * Routes first: a plan's agents find their own passages through tools, so memories and files are
   * searched only for an answer given directly.
   */
  private async answer(request: AnswerRequest, meter: TokenMeter, signal: AbortSignal): Promise<Citation[]> {
    const { execution, message, fileIds } = request;
    const limits = this.deps.config.section('orchestrator');
    const { planRunner } = this.deps;
    const model = this.deps.models.current();
    const assessment = planRunner ? await planRunner.assess({ message, fileIds }, signal) : undefined;
    // Offline, a message about the user ("what is my name?", "my name is Dana") is answered from memory.
    if (!model && this.deps.memory && isAboutUser(message))
      return answerAboutUser(request, this.deps.memory, execution, signal);
    let context: AnswerContext | undefined;
    try {
      if (assessment && assessment.confidence >= limits.workflow_confidence_threshold) {
        const planned = await assessment.run(
          {
            executionId: execution.id,
            sessionId: execution.sessionId,
            userId: request.userId,
            message,
            fileIds,
          },
          {
            signal,
            limits,
            model,
            emitToken: (text) => execution.token(text),
            recordUsage: (tokens) => meter.add(tokens),
          },
        );
        return planned.citations;
      }
      context = await this.gather(request, signal);
      signal.throwIfAborted();
      if (!model) return await answerOffline(context, execution, signal);
      return await answerWithModel(model, context, execution, meter, signal);
    } catch (error) {
      // With nothing streamed yet, the offline answer still gives the user something useful.
      if (!(error instanceof LlmError) || execution.text !== '' || signal.aborted || !offlineFallback(limits))
        throw error;
      this.deps.logger.warn('language model failed; answering offline', {
        code: error.code,
        executionId: execution.id,
      });
      execution.mode = 'offline';
      return answerOffline(context ?? (await this.gather(request, signal)), execution, signal, error.message);
    }
  }

  /** The conversation before the question being answered (a retry may have later messages). */
  private history(request: AnswerRequest): Promise<ChatMessage[]> {
    const turns = this.deps.config.section('memory').context_window_size;
    return this.deps.store.messagesBefore(request.execution.sessionId, request.questionId, turns * 2);
  }

  /** Everything a direct answer draws on: the conversation, memories and file passages. */
  private async gather(request: AnswerRequest, signal: AbortSignal): Promise<AnswerContext> {
    const history = await this.history(request);
    const query = searchQuery(request.message, history);
    const [memories, hits] = await Promise.all([
      this.recall(request.userId, query, signal),
      this.retrieve(query, request.fileIds, signal),
    ]);
    return { message: request.message, history, memories, hits };
  }

  private async complete(
    request: AnswerRequest,
    answer: PartialAnswer,
    citations: Citation[],
    tokensUsed: number,
  ): Promise<void> {
    const { execution } = request;
    const reply = execution.text;
    for (const citation of citations) execution.emit({ type: 'citation', citation });
    // Stored before `end` is sent, so a client that reads history on `end` finds the answer.
    await answer.finish(reply, citations);
    await this.deps.executions.finish(execution.id, { status: 'completed', tokensUsed });
    execution.emit({ type: 'end', reply, citations });
    this.deps.memory?.captureTurn({
      userId: request.userId,
      sessionId: execution.sessionId,
      userMessage: request.message,
      assistantReply: reply,
    });
  }

  private async fail(
    execution: LiveExecution,
    answer: PartialAnswer,
    reason: unknown,
    status: FinishedStatus,
    tokensUsed: number,
  ): Promise<void> {
    const known = DomainError.isInstance(reason);
    const code = status === 'interrupted' ? 'INTERRUPTED' : known ? reason.code : 'INTERNAL';
    const message = known ? reason.message : 'the answer failed unexpectedly';
    if (!known) this.deps.logger.error('chat execution failed', { executionId: execution.id, error: String(reason) });
    execution.failure = reason;
    try {
      // The text streamed so far stays in history, marked with how the answer stopped.
      await answer.finish(execution.text, [], status);
      await this.deps.executions.finish(execution.id, { status, tokensUsed, error: { code, message } });
    } catch (error) {
      this.deps.logger.error('could not record a failed chat execution', {
        executionId: execution.id,
        error: String(error),
      });
    }
    execution.emit({ type: 'error', code, message });
  }

  private async recall(userId: string, query: string, signal: AbortSignal): Promise<MemoryHit[]> {
    if (!this.deps.memory) return [];
    try {
      const { profile, relevant } = await this.deps.memory.recall({ userId, query }, signal);
      const seen = new Set<string>();
      return [...profile, ...relevant].filter((hit) => !seen.has(hit.id) && seen.add(hit.id));
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      // Memory makes answers better; its failure must not stop the answer.
      this.deps.logger.warn('memory recall failed; answering without memories', { error: String(error) });
      return [];
    }
  }

  private async retrieve(query: string, fileIds: string[] | undefined, signal: AbortSignal): Promise<SearchHit[]> {
    if (!this.deps.retriever) return [];
    const k = this.deps.config.section('context').retrieval_k;
    try {
      return await this.deps.retriever.search(
        { query, k, ...(fileIds && fileIds.length > 0 ? { fileIds } : {}) },
        signal,
      );
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      this.deps.logger.warn('file retrieval failed; answering without file context', { error: String(error) });
      return [];
    }
  }
}

/**
 * What to search for: the message, and for a short follow-up ("and in 2025?") the previous
 * question too, since the follow-up alone names nothing to find.
 */
export function searchQuery(message: string, history: { role: string; content: string }[]): string {
  const words = message.trim().split(/\s+/).length;
  const previous = [...history].reverse().find((turn) => turn.role === 'user')?.content;
  const query =
    words < SHORT_FOLLOW_UP_WORDS && previous ? `${previous.slice(0, MAX_QUERY_CHARS / 2)}\n${message}` : message;
  return query.slice(0, MAX_QUERY_CHARS);
}
