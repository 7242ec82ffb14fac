import type { AgentEvent, Citation, Execution, ExecutionTask } from '@studio/shared';
import { BudgetExceededError } from '../../errors/budget-exceeded-error';
import { CancelledError } from '../../errors/cancelled-error';
import { DomainError } from '../../errors/domain-error';
import { TimeoutError } from '../../errors/timeout-error';
import type { EventBus } from '../../events/event-bus';
import type { StudioTopics } from '../../events/topics';
import type { AgentSpec } from '../agent-generator/agent-generator';
import type { ToolContext } from '../tools/tool';
import type { AgentRunner } from './agent-runner';
import { planGraphEvent } from '../../executions/plan-graph-event';
import { ExecutionMonitor } from './monitor';
import type { TokenBudget } from './token-budget';

/** What stopped an execution early, if anything. */
export type StopReason =
  { kind: 'cancelled'; error: CancelledError } | { kind: 'budget' | 'timeout'; error: DomainError };

export interface PlanExecutorOptions {
  execution: Execution;
  specs: ReadonlyMap<string, AgentSpec>;
  request: string;
  context: Omit<ToolContext, 'signal'>;
  runner: AgentRunner;
  budget: TokenBudget;
  bus: EventBus;
  /** Read before each scheduling round, so a config change applies to the running execution. */
  maxConcurrent: () => number;
  timeoutMs: number;
  /**
   * The most rounds of agents (`orchestrator.max_iterations`): a task runs one round after the last
   * of the tasks it needs, and a retry one round after the attempt it repeats.
   */
  maxRounds: number;
  signal: AbortSignal;
  /** Called on every status change with the current record (persistence). */
  onChange(execution: Execution): void;
  monitorIntervalMs?: number;
  /** An event the bus could not take (a shared bus unreachable); the execution goes on regardless. */
  onPublishFailure?: (error: unknown) => void;
}

/** The outcome of running a plan: every task's final state, their sources, and why it stopped early. */
export interface PlanRunOutcome {
  tasks: ExecutionTask[];
  sourcesByTask: Map<string, Citation[]>;
  stopped?: StopReason;
}

const MAX_ATTEMPTS = 2;

/**
 * Runs a plan graph: ready tasks start in plan order up to the concurrency limit, dependents get their
 * inputs' outputs, a failed task is retried once and then fails with its dependents skipped. A task
 * whose round would pass `maxRounds` is skipped, and a failed one then gets no retry. Cancel, the
 * overall budget or the overall timeout stop every agent at once.
 */
export class PlanExecutor {
  private readonly tasks: ExecutionTask[];
  private readonly running = new Set<string>();
  private readonly sourcesByTask = new Map<string, Citation[]>();
  /** The round each task's latest attempt ran in. */
  private readonly rounds = new Map<string, number>();
  private readonly stopAll = new AbortController();
  private readonly startedAt = Date.now();
  private stopped: StopReason | undefined;
  private finish: (() => void) | undefined;

  constructor(private readonly options: PlanExecutorOptions) {
    this.tasks = options.execution.tasks.map((task) => ({ ...task }));
  }

  async run(): Promise<PlanRunOutcome> {
    const { signal } = this.options;
    const monitor = new ExecutionMonitor(
      () => ({
        executionId: this.options.execution.executionId,
        activeAgents: this.running.size,
        completedTasks: this.tasks.filter((task) => task.status === 'completed').length,
        totalTasks: this.tasks.length,
        tokensUsed: this.options.budget.used,
        tokenBudget: this.options.budget.budget,
        elapsedMs: Date.now() - this.startedAt,
      }),
      (event) => this.publish('monitor-sample', event),
      this.options.monitorIntervalMs,
    );
    const onAbort = () => {
      const reason: unknown = signal.reason;
      // The orchestrator's own timeout arrives as an abort too; it is a failure, not a user's cancel.
      if (DomainError.isInstance(reason) && reason.kind === 'timeout') this.stop({ kind: 'timeout', error: reason });
      else
        this.stop({
          kind: 'cancelled',
          error: reason instanceof CancelledError ? reason : new CancelledError('the execution was cancelled'),
        });
    };
    const timer = setTimeout(
      () =>
        this.stop({
          kind: 'timeout',
          error: new TimeoutError(
            `the execution ran past ${Math.round(this.options.timeoutMs / 1000)} s`,
            'EXECUTION_TIMEOUT',
          ),
        }),
      this.options.timeoutMs,
    );
    monitor.start();
    this.changed();
    try {
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      await new Promise<void>((resolve) => {
        this.finish = resolve;
        this.pump();
      });
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      monitor.stop();
    }
    return { tasks: this.tasks, sourcesByTask: this.sourcesByTask, ...(this.stopped ? { stopped: this.stopped } : {}) };
  }

  /** Stops everything now: running agents are aborted and recorded at once, pending tasks never start. */
  private stop(reason: StopReason): void {
    if (this.stopped) return;
    this.stopped = reason;
    this.stopAll.abort(reason.error);
    for (const task of this.tasks) {
      if (task.status === 'running') {
        this.setStatus(task, reason.kind === 'cancelled' ? 'cancelled' : 'failed', reason.error.message);
        this.agentEvent(task, 'failed', 0, reason.error.message);
      } else if (task.status === 'pending') {
        this.setStatus(task, reason.kind === 'cancelled' ? 'cancelled' : 'skipped', reason.error.message);
      }
    }
    this.running.clear();
    this.changed();
    this.pump();
  }

  private pump(): void {
    if (this.stopped) {
      this.finish?.();
      return;
    }
    let changed = false;
    // Skipping one task can block the next in a chain, so repeat until nothing changes.
    for (let again = true; again;) {
      again = false;
      for (const task of this.tasks) {
        if (task.status !== 'pending') continue;
        if (task.attempts === 0 && this.ready(task) && this.roundOf(task) > this.options.maxRounds) {
          this.setStatus(
            task,
            'skipped',
            `it would run in round ${this.roundOf(task)}, past orchestrator.max_iterations (${this.options.maxRounds})`,
          );
          changed = again = true;
          continue;
        }
        const blocker = task.dependencies
          .map((id) => this.task(id))
          .find(
            (dependency) => dependency !== undefined && ['failed', 'skipped', 'cancelled'].includes(dependency.status),
          );
        if (blocker) {
          this.setStatus(
            task,
            'skipped',
            `depends on "${blocker.name}", which ${blocker.status === 'failed' ? 'failed' : 'did not run'}`,
          );
          changed = again = true;
        }
      }
    }
    if (changed) this.changed();
    const limit = Math.max(1, this.options.maxConcurrent());
    for (const task of this.tasks) {
      if (this.running.size >= limit) break;
      if (task.status === 'pending' && this.ready(task)) this.start(task);
    }
    if (this.running.size === 0) this.finish?.();
  }

  private start(task: ExecutionTask): void {
    const spec = this.options.specs.get(task.id);
    if (!spec) throw new Error(`no agent spec for task ${task.id}`);
    this.rounds.set(task.id, this.roundOf(task));
    task.attempts += 1;
    const attempt = task.attempts;
    this.running.add(task.id);
    this.setStatus(task, 'running');
    this.changed();
    this.agentEvent(task, 'started', 0, attempt > 1 ? `attempt ${attempt}` : spec.role);

    const timeout = new AbortController();
    const timer = setTimeout(
      () =>
        timeout.abort(
          new TimeoutError(`the agent ran past ${Math.round(spec.limits.timeoutMs / 1000)} s`, 'AGENT_TIMEOUT'),
        ),
      spec.limits.timeoutMs,
    );
    timer.unref();
    const signal = AbortSignal.any([this.stopAll.signal, timeout.signal]);
    const inputs = task.dependencies.flatMap((id) => {
      const dependency = this.task(id);
      return dependency?.output !== undefined ? [{ taskId: id, name: dependency.name, output: dependency.output }] : [];
    });
    const current = () => task.status === 'running' && task.attempts === attempt && !this.stopped;
    // The steps this attempt took: a task done in one tool call reports "1 of 5", not "5 of 5".
    let stepsTaken = 0;

    void this.options.runner
      .run({
        spec,
        task,
        request: this.options.request,
        inputs,
        context: { ...this.options.context, signal },
        budget: this.options.budget,
        onStep: (report) => {
          if (!current()) return;
          stepsTaken = Math.max(stepsTaken, report.step);
          this.agentEvent(task, report.status, report.step, report.message, report.tool, report.toolCall);
        },
      })
      .then(
        (result) => {
          if (!current()) return;
          task.output = result.output;
          this.sourcesByTask.set(task.id, result.sources);
          this.running.delete(task.id);
          this.setStatus(task, 'completed');
          this.agentEvent(
            task,
            'completed',
            Math.max(1, stepsTaken),
            `${result.output.length} characters, ${result.sources.length} sources`,
          );
          this.changed();
        },
        (error: unknown) => {
          if (!current()) return;
          this.running.delete(task.id);
          if (error instanceof BudgetExceededError) {
            this.stop({ kind: 'budget', error });
            return;
          }
          const reason = timeout.signal.aborted ? (timeout.signal.reason as Error).message : describe(error);
          const retryable = task.attempts < MAX_ATTEMPTS;
          if (retryable && this.roundOf(task) <= this.options.maxRounds) {
            this.setStatus(task, 'pending', reason);
            this.agentEvent(task, 'retrying', 0, reason);
          } else {
            const final = retryable ? `${reason} (no round left for a retry: orchestrator.max_iterations)` : reason;
            this.setStatus(task, 'failed', final);
            this.agentEvent(task, 'failed', 0, final);
          }
          this.changed();
        },
      )
      .finally(() => {
        clearTimeout(timer);
        this.pump();
      });
  }

  private ready(task: ExecutionTask): boolean {
    return task.dependencies.every((id) => this.task(id)?.status === 'completed');
  }

  /** The round the task's next attempt would run in. */
  private roundOf(task: ExecutionTask): number {
    if (task.attempts > 0) return (this.rounds.get(task.id) ?? 0) + 1;
    return 1 + Math.max(0, ...task.dependencies.map((id) => this.rounds.get(id) ?? 0));
  }

  private task(id: string): ExecutionTask | undefined {
    return this.tasks.find((task) => task.id === id);
  }

  private setStatus(task: ExecutionTask, status: ExecutionTask['status'], error?: string): void {
    task.status = status;
    if (error !== undefined) task.error = error;
    else if (status === 'completed' || status === 'running') delete task.error;
  }

  private changed(): void {
    const execution = {
      ...this.options.execution,
      tasks: this.tasks.map((task) => ({ ...task })),
      tokensUsed: this.options.budget.used,
    };
    this.options.onChange(execution);
    this.publish('plan-update', planGraphEvent(execution));
  }

  private publish<K extends 'plan-update' | 'agent-step' | 'monitor-sample'>(topic: K, data: StudioTopics[K]): void {
    this.options.bus.publish(topic, data).catch((error: unknown) => this.options.onPublishFailure?.(error));
  }

  private agentEvent(
    task: ExecutionTask,
    status: AgentEvent['status'],
    step: number,
    message?: string,
    tool?: string,
    toolCall?: AgentEvent['toolCall'],
  ): void {
    const spec = this.options.specs.get(task.id);
    const maxSteps = spec?.limits.maxSteps ?? 1;
    const progress = status === 'completed' ? 100 : Math.min(99, Math.round((step / maxSteps) * 100));
    this.publish('agent-step', {
      executionId: this.options.execution.executionId,
      agentId: spec?.agentId ?? task.assignedAgent,
      taskId: task.id,
      status,
      step,
      maxSteps,
      progress,
      ...(message !== undefined ? { message } : {}),
      ...(tool !== undefined ? { tool } : {}),
      ...(toolCall ? { toolCall } : {}),
    });
  }
}

function describe(error: unknown): string {
  if (DomainError.isInstance(error) || error instanceof Error) return error.message;
  return String(error);
}
