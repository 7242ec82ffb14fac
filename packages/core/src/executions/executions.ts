import type { ChatEvent, ChatMode, Execution } from '@studio/shared';
import { systemClock, type Clock } from '../clock';
import { NotFoundError } from '../errors/not-found-error';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import type { Sql } from '../store/sql';
import { deadOwners, newInstanceId, type IsOwnerAlive, type RecoveryOptions } from './execution-owner';
import { ExecutionStore, type ExecutionOutcome } from './execution-store';
import { followRemoteExecution } from './follow-remote-execution';
import { LiveExecution, type LoggedEvent } from './live-execution';
import { LiveExecutions } from './live-executions';

export interface ExecutionsOptions {
  db: Sql;
  bus: EventBus;
  logger: Logger;
  clock?: Clock;
  /** This server process, recorded as the owner of the executions it runs; a random id by default. */
  instanceId?: string;
}

/** Told which executions were just recorded as interrupted, so a domain can settle what it kept of them. */
export type InterruptedListener = (executionIds: readonly string[]) => Promise<unknown>;

/**
 * Every execution, in one place: the record of each (a direct answer, a plan or a workflow), the live
 * event log of those this process runs, cancel from any process, resume after `lastEventId` on any
 * process, and the one recovery path that records a dead process's executions as interrupted.
 */
export class Executions {
  readonly instanceId: string;
  private readonly store: ExecutionStore;
  private readonly live = new LiveExecutions();
  private readonly clock: Clock;
  private readonly interruptedListeners: InterruptedListener[] = [];
  private isOwnerAlive: IsOwnerAlive = async (owner) => owner === this.instanceId;
  private started = false;

  constructor(private readonly options: ExecutionsOptions) {
    this.instanceId = options.instanceId ?? newInstanceId();
    this.store = new ExecutionStore(options.db, this.instanceId);
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Start-up, once per process: listens for cancel requests from other processes, then records the
   * executions left running by processes that are gone as interrupted. Executions of live processes
   * (`isOwnerAlive`) are left alone.
   */
  async start(options: RecoveryOptions = {}): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (options.isOwnerAlive) this.isOwnerAlive = options.isOwnerAlive;
    this.options.bus.subscribe('chat-control', ({ data }) => {
      const execution = this.live.get(data.executionId);
      if (data.action === 'cancel' && execution && !execution.finished) execution.abort.abort();
    });
    const dead = await deadOwners(await this.store.runningOwners(), this.instanceId, options.isOwnerAlive);
    const recovered = await this.store.markInterrupted(this.now(), dead);
    // Told even when nothing was recovered: a crash may have left an answer 'streaming' all the same.
    await this.notifyInterrupted(recovered);
    if (recovered.length > 0)
      this.options.logger.warn('executions left unfinished by the last run were recorded as interrupted', {
        count: recovered.length,
      });
  }

  /** Registers a domain's clean-up for executions recorded as interrupted (chat marks their partial answers). */
  onInterrupted(listener: InterruptedListener): void {
    this.interruptedListeners.push(listener);
  }

  /**
   * Records a new answer as running, owned by this process, and returns its live event log; its
   * events go to the shared bus as well, so any process can resume or follow it.
   */
  async begin(input: {
    id: string;
    sessionId: string;
    messageId: string;
    mode: ChatMode;
    tokenBudget: number;
  }): Promise<LiveExecution> {
    const { id, sessionId } = input;
    await this.store.start({ ...input, at: this.now() });
    const execution = new LiveExecution(
      id,
      sessionId,
      input.messageId,
      input.mode,
      (event: ChatEvent) =>
        this.options.bus.publish('chat-token', { sessionId, executionId: id, event }).then((published) => published.id),
      (error) =>
        this.options.logger.warn('an execution event could not be published to the shared bus', {
          executionId: id,
          error: String(error),
        }),
    );
    this.live.add(execution);
    return execution;
  }

  /** Records how an execution ended; the first outcome stands. */
  finish(executionId: string, outcome: Omit<ExecutionOutcome, 'at'>): Promise<void> {
    return this.store.finish(executionId, { ...outcome, at: this.now() });
  }

  /** Inserts or rewrites a plan's record (its graph, status and answer). */
  save(execution: Execution): Promise<void> {
    return this.store.save(execution);
  }

  /** An execution by id, live or finished: a plan with its graph, or a direct answer. */
  get(executionId: string): Promise<Execution> {
    return this.store.get(executionId);
  }

  /** Plan and workflow executions, newest first. */
  list(
    input: { sessionId?: string; limit?: number; cursor?: string } = {},
  ): Promise<{ items: Execution[]; nextCursor: string | null }> {
    return this.store.list(input);
  }

  /**
   * Stops a running execution, whichever process runs it; false when it had already finished.
   * Throws `NotFoundError` for an unknown id.
   */
  async cancel(executionId: string): Promise<{ executionId: string; cancelled: boolean }> {
    const execution = this.live.get(executionId);
    if (execution && !execution.finished) {
      execution.abort.abort();
      return { executionId, cancelled: true };
    }
    if (execution) return { executionId, cancelled: false };
    const state = await this.store.state(executionId);
    if (!state) throw new NotFoundError('execution', executionId);
    if (state.status !== 'running') return { executionId, cancelled: false };
    // Not ours: the process that runs it listens for this.
    await this.options.bus.publish('chat-control', { executionId, action: 'cancel' });
    return { executionId, cancelled: true };
  }

  /** The events after `lastEventId` of the execution that published it, whichever process runs it. */
  async *follow(lastEventId: string, signal?: AbortSignal): AsyncGenerator<LoggedEvent> {
    const local = this.live.findByEventId(lastEventId);
    if (local) {
      yield* local.events(lastEventId, signal);
      return;
    }
    yield* followRemoteExecution(
      {
        bus: this.options.bus,
        isOwnerAlive: (owner) => this.isOwnerAlive(owner),
        state: (id) => this.store.state(id),
        interruptOwner: (owner) => this.interrupt([owner]),
      },
      lastEventId,
      signal,
    );
  }

  /** Shutdown: executions still running here are recorded as interrupted, then stopped. */
  async interruptRunning(): Promise<void> {
    await Promise.all(
      this.live.running().map(async (execution) => {
        try {
          // Recorded before the abort, so the runner's own 'cancelled' record finds it finished.
          await this.finish(execution.id, {
            status: 'interrupted',
            tokensUsed: 0,
            error: { code: 'INTERRUPTED', message: 'the server stopped before the answer finished' },
          });
        } finally {
          execution.abort.abort();
        }
      }),
    );
  }

  private async interrupt(owners: readonly string[]): Promise<string[]> {
    const marked = await this.store.markInterrupted(this.now(), owners);
    if (marked.length > 0) await this.notifyInterrupted(marked);
    return marked;
  }

  private async notifyInterrupted(executionIds: readonly string[]): Promise<void> {
    for (const listener of this.interruptedListeners) await listener(executionIds);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
