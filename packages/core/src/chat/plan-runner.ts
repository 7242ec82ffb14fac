import type { ChatMessage, Citation, MemoryHit, OrchestratorConfig } from '@studio/shared';
import type { LanguageModel } from '../llm/language-model';
import type { NumberedSource } from './sources';

/** What the orchestrator knows about a request when it considers planning it. */
export interface PlanRequest {
  executionId: string;
  sessionId: string;
  userId: string;
  message: string;
  fileIds?: string[];
  history: ChatMessage[];
  memories: MemoryHit[];
  sources: NumberedSource[];
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

/**
 * The seam where planning plugs in (the agents issue): for a complex request the orchestrator
 * hands over to a plan instead of answering directly. Without one, every request is answered directly.
 */
export interface PlanRunner {
  /** Confidence (0..1) that the request needs a multi-step plan; compared to workflow_confidence_threshold. */
  assess(request: PlanRequest, signal: AbortSignal): Promise<number>;
  /** Runs the plan, streaming its answer through `context.emitToken`; returns what it cites. */
  run(request: PlanRequest, context: PlanContext): Promise<{ citations: Citation[] }>;
}
