import type { PlanTask } from '@studio/shared';

/** Where a plan came from: the LLM planner, the offline rule planner, a predefined workflow, or one task. */
export type PlanSource = 'llm' | 'rules' | 'workflow' | 'single';

/** A validated plan graph for one request. */
export interface Plan {
  tasks: PlanTask[];
  source: PlanSource;
  /** Set when a predefined workflow produced the plan. */
  workflow?: string;
}

/** What a planner is asked to plan. */
export interface PlanningRequest {
  message: string;
  fileIds?: string[];
  /** How many tasks the plan may have at most (`planner.max_tasks_per_request`). */
  maxTasks: number;
  /** Complexity bounds every task is clamped to (`planner.min/max_task_complexity`). */
  minComplexity: number;
  maxComplexity: number;
  /** Tools from MCP servers the planner may put in a task's `tools`. */
  externalTools?: { name: string; description: string }[];
}

/** Turns a request into a plan graph. */
export interface Planner {
  plan(request: PlanningRequest, signal?: AbortSignal): Promise<{ plan: Plan; tokensUsed: number }>;
}
