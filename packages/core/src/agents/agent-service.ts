import type { Citation, Execution, ExecutionTask } from '@studio/shared';
import type { PlanAssessment, PlanContext, PlanQuery, PlanRequest, PlanRunner } from '../chat/plan-runner';
import { systemClock, type Clock } from '../clock';
import type { ConfigService } from '../config/config-service';
import { CancelledError } from '../errors/cancelled-error';
import { DomainError } from '../errors/domain-error';
import { ExecutionFailedError } from '../errors/execution-failed-error';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import { Executions } from '../executions/executions';
import { planGraphEvent } from '../executions/plan-graph-event';
import type { Sql } from '../store/sql';
import { generateAgent, type AgentSpec } from './agent-generator/agent-generator';
import type { Plan } from './plan';
import { findPlanProblems, mergeDuplicateTasks } from './plan-graph';
import { LlmPlanner } from './planner/llm-planner';
import { planTasks } from './planner/rule-planner';
import { workflowTasks } from './planner/workflows';
import { routeRequest, type RoutingDecision } from './routing';
import { AnswerComposer } from './runtime/answer-composer';
import { LlmAgentRunner } from './runtime/llm-agent-runner';
import { OfflineAgentRunner } from './runtime/offline-agent-runner';
import { PlanExecutor, type PlanRunOutcome } from './runtime/plan-executor';
import { TokenBudget } from './runtime/token-budget';
import { namedExternalTools } from './tools/tool-mentions';
import { ToolRegistry } from './tools/tool-registry';
import type { AgentToolPorts } from './tools/tool-ports';
import type { AgentTool } from './tools/tool';

export interface AgentServiceOptions {
  db: Sql;
  bus: EventBus;
  config: ConfigService;
  logger: Logger;
  ports: AgentToolPorts;
  clock?: Clock;
  /** True once the studio is shutting down: an execution stopped then is recorded as interrupted. */
  isClosing?: () => boolean;
  monitorIntervalMs?: number;
  /** The executions owner shared with chat; one of its own over `db` by default (tests). */
  executions?: Executions;
}

/**
 * Planning and execution of complex requests (the orchestrator's `PlanRunner`): routes a request,
 * plans it (LLM, rules or a predefined workflow), generates one agent per task, runs them with real
 * tools, streams the assembled answer, and keeps every execution readable afterwards.
 */
export class AgentService implements PlanRunner {
  /** Where every plan's record is kept, beside the answers it belongs to. */
  readonly executions: Executions;
  private readonly tools: ToolRegistry;
  private readonly clock: Clock;

  constructor(private readonly options: AgentServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.executions =
      options.executions ??
      new Executions({ db: options.db, bus: options.bus, logger: options.logger, clock: this.clock });
    this.tools = new ToolRegistry(options.ports);
  }

  /** How a request would be routed under the live configuration. */
  route(message: string, fileIds: readonly string[] = []): RoutingDecision {
    const decision = routeRequest(
      message,
      fileIds,
      this.options.config.section('orchestrator').workflow_confidence_threshold,
    );
    // A request naming an external tool ("use the weather tool for Paris") needs an agent to call it.
    if (decision.kind === 'direct' && namedExternalTools(message, this.tools.current().keys()).length > 0)
      return { ...decision, kind: 'plan', confidence: 1 };
    return decision;
  }

  /** Routes once; the plan, if the orchestrator runs it, goes by the same decision. */
  async assess(query: PlanQuery): Promise<PlanAssessment> {
    const decision = this.route(query.message, query.fileIds ?? []);
    return { confidence: decision.confidence, run: (request, context) => this.execute(request, context, decision) };
  }

  /** Routes and runs a request as a plan, whatever its confidence. */
  run(request: PlanRequest, context: PlanContext): Promise<{ citations: Citation[] }> {
    return this.execute(request, context, this.route(request.message, request.fileIds ?? []));
  }

  private async execute(
    request: PlanRequest,
    context: PlanContext,
    decision: RoutingDecision,
  ): Promise<{ citations: Citation[] }> {
    const budget = new TokenBudget(context.limits.token_budget, context.recordUsage);
    const execution: Execution = {
      executionId: request.executionId,
      sessionId: request.sessionId,
      kind: decision.kind === 'workflow' ? 'workflow' : 'plan',
      ...(decision.workflow ? { workflow: decision.workflow } : {}),
      status: 'running',
      tokensUsed: 0,
      tokenBudget: context.limits.token_budget,
      tasks: [],
      createdAt: this.clock.now().toISOString(),
      request: request.message,
    };
    await this.executions.save(execution);

    let plan: Plan;
    try {
      plan = await this.plan(request, decision, context, budget);
    } catch (error) {
      await this.finish({ ...execution, tokensUsed: budget.used }, this.stoppedStatus(context.signal), describe(error));
      throw error;
    }
    const running: Execution = {
      ...execution,
      tasks: plan.tasks.map((task): ExecutionTask => ({ ...task, status: 'pending', attempts: 0 })),
    };
    const tools = this.tools.current();
    const specs = this.specsFor(running.tasks, tools);
    // The answer streams while the plan runs: each part as soon as it is known.
    const composer = new AnswerComposer(running.tasks, plan.source, context.emitToken);
    const outcome = await new PlanExecutor({
      execution: running,
      specs,
      request: request.message,
      context: { userId: request.userId, ...(request.fileIds?.length ? { fileIds: request.fileIds } : {}) },
      runner: composer.streaming(
        context.model ? new LlmAgentRunner(context.model, tools) : new OfflineAgentRunner(tools),
      ),
      budget,
      bus: this.options.bus,
      maxConcurrent: () => this.options.config.section('agent_generator').max_concurrent_agents,
      timeoutMs: context.limits.timeout_seconds * 1000,
      maxRounds: context.limits.max_iterations,
      signal: context.signal,
      // Not awaited: the executor goes on while the write lands; the store keeps saves in order.
      onChange: (current) => {
        composer.update(current.tasks);
        void this.executions.save(current).catch((error: unknown) =>
          this.options.logger.error('could not record a plan execution', {
            executionId: current.executionId,
            error: String(error),
          }),
        );
      },
      onPublishFailure: (error) => this.publishFailed(request.executionId, error),
      ...(this.options.monitorIntervalMs ? { monitorIntervalMs: this.options.monitorIntervalMs } : {}),
    }).run();
    return this.conclude(running, composer, outcome, budget, context);
  }

  private async plan(
    request: PlanRequest,
    decision: RoutingDecision,
    context: PlanContext,
    budget: TokenBudget,
  ): Promise<Plan> {
    const plan = await this.draftPlan(request, decision, context, budget);
    return this.options.config.section('planner').enable_task_optimization
      ? { ...plan, tasks: mergeDuplicateTasks(plan.tasks) }
      : plan;
  }

  private async draftPlan(
    request: PlanRequest,
    decision: RoutingDecision,
    context: PlanContext,
    budget: TokenBudget,
  ): Promise<Plan> {
    const planner = this.options.config.section('planner');
    const bounds = {
      maxTasks: planner.max_tasks_per_request,
      minComplexity: planner.min_task_complexity,
      maxComplexity: planner.max_task_complexity,
    };
    const level = Math.min(bounds.maxComplexity, Math.max(bounds.minComplexity, decision.complexity.level));
    if (decision.workflow)
      return {
        tasks: workflowTasks(decision.workflow, request.message, level).slice(0, bounds.maxTasks),
        source: 'workflow',
        workflow: decision.workflow,
      };
    const externalTools = [...this.tools.current().values()]
      .filter((tool) => tool.server !== undefined && tool.server !== 'builtin')
      .map((tool) => ({ name: tool.name, description: tool.description }));
    const planningRequest = {
      message: request.message,
      ...(request.fileIds ? { fileIds: request.fileIds } : {}),
      ...bounds,
      ...(externalTools.length > 0 ? { externalTools } : {}),
    };
    if (context.model) {
      const { plan, tokensUsed } = await new LlmPlanner(context.model).plan(planningRequest, context.signal);
      budget.spend(tokensUsed);
      return plan;
    }
    const tasks = planTasks(planningRequest);
    const problems = findPlanProblems(tasks);
    if (problems.length > 0) throw new ExecutionFailedError(`the offline plan is invalid: ${problems.join('; ')}`);
    return { tasks, source: 'rules' };
  }

  private specsFor(tasks: readonly ExecutionTask[], tools: ReadonlyMap<string, AgentTool>): Map<string, AgentSpec> {
    const config = this.options.config.section('agent_generator');
    const usable = new Set(tools.keys());
    return new Map(tasks.map((task) => [task.id, generateAgent(task, config, usable)]));
  }

  private async conclude(
    execution: Execution,
    composer: AnswerComposer,
    outcome: PlanRunOutcome,
    budget: TokenBudget,
    context: PlanContext,
  ): Promise<{ citations: Citation[] }> {
    const done: Execution = { ...execution, tasks: outcome.tasks, tokensUsed: budget.used };
    if (outcome.stopped?.kind === 'cancelled') {
      await this.finish(done, this.stoppedStatus(context.signal), outcome.stopped.error.message);
      throw context.signal.aborted ? context.signal.reason : outcome.stopped.error;
    }
    const failures = outcome.tasks.filter((task) => task.status === 'failed');
    const completed = outcome.tasks.filter((task) => task.status === 'completed');
    const error =
      outcome.stopped?.error.message ??
      (failures.length > 0 ? failures.map((task) => `${task.name}: ${task.error ?? 'failed'}`).join('; ') : undefined);
    if (completed.length === 0) {
      await this.finish(done, 'failed', error ?? 'no task completed');
      throw (
        outcome.stopped?.error ??
        new ExecutionFailedError(`no task of the plan completed: ${error ?? 'unknown reason'}`)
      );
    }
    const answer = composer.finish(outcome.tasks, outcome.sourcesByTask);
    await this.finish(
      { ...done, answer: answer.reply, citations: answer.citations },
      error ? 'failed' : 'completed',
      error,
    );
    return { citations: answer.citations };
  }

  private async finish(execution: Execution, status: Execution['status'], error?: string): Promise<void> {
    const finished: Execution = {
      ...execution,
      status,
      finishedAt: this.clock.now().toISOString(),
      ...(error ? { error } : {}),
    };
    await this.executions.save(finished);
    this.options.bus
      .publish('plan-update', planGraphEvent(finished))
      .catch((failure: unknown) => this.publishFailed(execution.executionId, failure));
  }

  private publishFailed(executionId: string, error: unknown): void {
    this.options.logger.warn('a plan event could not be published to the shared bus', {
      executionId,
      error: String(error),
    });
  }

  private stoppedStatus(signal: AbortSignal): Execution['status'] {
    if (!signal.aborted) return 'failed';
    if (this.options.isClosing?.()) return 'interrupted';
    return signal.reason instanceof CancelledError ? 'cancelled' : 'failed';
  }
}

function describe(error: unknown): string {
  return DomainError.isInstance(error) || error instanceof Error ? error.message : String(error);
}
