import { z } from 'zod';
import { CitationSchema } from './chat';
import { IdSchema, PageInputSchema, ResumableInputSchema, TimestampSchema } from './common';

export const TaskStatusSchema = z.enum(['pending', 'running', 'completed', 'failed', 'skipped', 'cancelled']);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

export const ExecutionStatusSchema = z.enum(['running', 'completed', 'failed', 'cancelled', 'interrupted']);
export type ExecutionStatus = z.infer<typeof ExecutionStatusSchema>;

/** A node of the plan graph as clients see it. */
export const PlanTaskViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: TaskStatusSchema,
  dependencies: z.array(z.string()),
  assignedAgent: z.string().optional(),
});
export type PlanTaskView = z.infer<typeof PlanTaskViewSchema>;

/** Payload of `events.planGraph` (event name `plan-update`). */
export const PlanGraphEventSchema = z.object({
  executionId: z.string(),
  sessionId: z.string().optional(),
  tasks: z.array(PlanTaskViewSchema),
});
export type PlanGraphEvent = z.infer<typeof PlanGraphEventSchema>;
export const PlanGraphEventsInputSchema = z
  .object({ executionId: IdSchema.optional(), sessionId: IdSchema.optional() })
  .extend(ResumableInputSchema.shape);

export const AgentStepStatusSchema = z.enum([
  'started',
  'tool_call',
  'tool_result',
  'thinking',
  'completed',
  'failed',
  'retrying',
]);

/** Payload of `events.agents` (event name `agent-step`). */
export const AgentEventSchema = z.object({
  executionId: z.string(),
  agentId: z.string(),
  taskId: z.string(),
  status: AgentStepStatusSchema,
  step: z.number().int(),
  maxSteps: z.number().int(),
  progress: z.number().min(0).max(100),
  message: z.string().optional(),
  tool: z.string().optional(),
  /** On tool_result: how the call went (added in the second round). */
  toolCall: z
    .object({
      arguments: z.string(),
      durationMs: z.number(),
      resultChars: z.number().int(),
      error: z.string().optional(),
    })
    .optional(),
});
export type AgentEvent = z.infer<typeof AgentEventSchema>;
export const AgentEventsInputSchema = z.object({ executionId: IdSchema.optional() }).extend(ResumableInputSchema.shape);

/** Payload of `events.monitoring` (event name `monitor-sample`). */
export const MonitoringEventSchema = z.object({
  executionId: z.string(),
  activeAgents: z.number().int(),
  completedTasks: z.number().int(),
  totalTasks: z.number().int(),
  tokensUsed: z.number().int(),
  tokenBudget: z.number().int(),
  elapsedMs: z.number(),
  rssMb: z.number(),
  /** The studio process's share of the whole machine's CPU since the last sample, 0–100. */
  cpuPercent: z.number(),
});
export type MonitoringEvent = z.infer<typeof MonitoringEventSchema>;
export const MonitoringEventsInputSchema = AgentEventsInputSchema;

/** A task of a plan as the planner produced it (the full node, persisted with its execution). */
export const PlanTaskSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  description: z.string(),
  dependencies: z.array(z.string()),
  expectedOutput: z.string(),
  successCriteria: z.string(),
  assignedAgent: z.string(),
  complexity: z.number().int().min(1).max(10),
  tools: z.array(z.string()).optional(),
});
export type PlanTask = z.infer<typeof PlanTaskSchema>;

export const ExecutionTaskSchema = PlanTaskSchema.extend({
  status: TaskStatusSchema,
  output: z.string().optional(),
  error: z.string().optional(),
  attempts: z.number().int(),
});
export type ExecutionTask = z.infer<typeof ExecutionTaskSchema>;

export const ExecutionSchema = z.object({
  executionId: z.string(),
  sessionId: z.string().optional(),
  kind: z.enum(['direct', 'plan', 'workflow']),
  workflow: z.string().optional(),
  status: ExecutionStatusSchema,
  tokensUsed: z.number().int(),
  tokenBudget: z.number().int(),
  tasks: z.array(ExecutionTaskSchema),
  error: z.string().optional(),
  createdAt: TimestampSchema,
  finishedAt: TimestampSchema.optional(),
  /** The user's request, the assembled answer and the sources it cites (set once known). */
  request: z.string().optional(),
  answer: z.string().optional(),
  citations: z.array(CitationSchema).optional(),
});
export type Execution = z.infer<typeof ExecutionSchema>;

export const ExecutionGetInputSchema = z.object({ executionId: IdSchema });
export const ExecutionListInputSchema = PageInputSchema.extend({ sessionId: IdSchema.optional() });
export const ExecutionListOutputSchema = z.object({
  items: z.array(ExecutionSchema),
  nextCursor: z.string().nullable(),
});
