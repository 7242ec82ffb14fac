import type { Citation, OrchestratorConfig } from '@studio/shared';
import type { LanguageModel } from '../llm/language-model';

/** What routing looks at: the request alone, before any context is gathered for it. */
export interface PlanQuery {
  message: string;
  fileIds?: string[];
}

/**
 * A request handed over to a plan. Nothing is gathered for it beforehand: its agents find their own
 * passages and memories through tools.
 */
export interface PlanRequest extends PlanQuery {
  executionId: string;
  sessionId: string;
  userId: string;
}

/** What a plan may use while it runs; the orchestrator owns the limits and the stream. */
export interface PlanContext {
  signal: AbortSignal;
  limits: OrchestratorConfig;
  model: LanguageModel | undefined;
  /** Streams answer text to the user; the final reply is exactly the text emitted here. */
  emitToken(text: string): void;
  /** Adds tokens to the execution's count; throws `BudgetExceededError` past `limits.token_budget`. */
  recordUsage(tokens: number): void;
}

/** A routing decision: how sure the router is that a plan is needed, and how to run that plan. */
export interface PlanAssessment {
  /** 0..1, compared with `orchestrator.workflow_confidence_threshold`. */
  confidence: number;
  /** Runs the plan as decided (routing is not repeated), streaming its answer through `context.emitToken`. */
  run(request: PlanRequest, context: PlanContext): Promise<{ citations: Citation[] }>;
}

/**
 * The seam where planning plugs in (the agents issue): the orchestrator asks first, and for a
 * complex request hands over to a plan instead of answering directly. Without one, every request
 * is answered directly.
 */
export interface PlanRunner {
  assess(query: PlanQuery, signal: AbortSignal): Promise<PlanAssessment>;
}
