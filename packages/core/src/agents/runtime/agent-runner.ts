import type { AgentEvent, Citation, PlanTask } from '@studio/shared';
import type { AgentSpec } from '../agent-generator/agent-generator';
import type { ToolContext } from '../tools/tool';
import type { TokenBudget } from './token-budget';

/** One step an agent reports while it works (mapped to an `agent-step` event). */
export interface AgentStepReport {
  status: 'thinking' | 'tool_call' | 'tool_result';
  step: number;
  message?: string;
  tool?: string;
  /** On tool_result: arguments, duration, result size and error of the call. */
  toolCall?: AgentEvent['toolCall'];
}

/** Everything one agent run needs: its spec and task, the request, its inputs' outputs, and limits. */
export interface AgentRunInput {
  spec: AgentSpec;
  task: PlanTask;
  /** The user's whole request, for context. */
  request: string;
  /** Outputs of the tasks this one depends on. */
  inputs: { taskId: string; name: string; output: string }[];
  context: ToolContext;
  budget: TokenBudget;
  onStep(report: AgentStepReport): void;
  /**
   * Told the text of the agent's reply as it is written, when the plan streams this task's words as
   * the answer. Text written before a tool call is told too (it is part of what the user sees).
   */
  onText?(text: string): void;
}

/** What a finished agent produced: its answer, the passages it used, and the tokens it spent. */
export interface AgentResult {
  output: string;
  sources: Citation[];
  tokensUsed: number;
}

/** Runs one task as an agent: a tool-calling LLM loop, or offline the deterministic executor. */
export interface AgentRunner {
  run(input: AgentRunInput): Promise<AgentResult>;
}

/** An agent ran out of its own limits (steps or tokens); the reason is recorded on its task. */
export class AgentLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgentLimitError';
  }
}
