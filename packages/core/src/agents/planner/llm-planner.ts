import { PlanTaskSchema, ToolNameSchema, type PlanTask } from '@studio/shared';
import { z } from 'zod';
import { DomainError } from '../../errors/domain-error';
import { PlanInvalidError } from '../../errors/plan-invalid-error';
import type { LanguageModel, LlmMessage } from '../../llm/language-model';
import { AGENT_ROLES, ROLE_PROFILES } from '../agent-generator/roles';
import { clampComplexity, findPlanProblems } from '../plan-graph';
import type { Plan, PlanningRequest, Planner } from '../plan';

/** What the model must answer: the plan graph as JSON. */
export const PlanOutputSchema = z.object({ tasks: z.array(PlanTaskSchema).min(1) });
type PlanOutput = z.infer<typeof PlanOutputSchema>;

/** Plans with the LLM (structured output), checks the graph, and gives the model one chance to repair it. */
export class LlmPlanner implements Planner {
  constructor(private readonly llm: LanguageModel) {}

  async plan(request: PlanningRequest, signal?: AbortSignal): Promise<{ plan: Plan; tokensUsed: number }> {
    const messages: LlmMessage[] = [
      { role: 'system', content: plannerPrompt(request) },
      { role: 'user', content: request.message },
    ];
    let tokensUsed = 0;
    let problems: string[] = [];
    for (let attempt = 0; attempt < 2; attempt += 1) {
      let output: PlanOutput | undefined;
      try {
        const result = await this.llm.generateObject(
          { messages, schema: PlanOutputSchema, schemaName: 'plan', temperature: 0 },
          signal,
        );
        tokensUsed += result.usage.totalTokens;
        output = result.object;
        problems = findPlanProblems(output.tasks);
        if (output.tasks.length > request.maxTasks)
          problems.push(`the plan has ${output.tasks.length} tasks; at most ${request.maxTasks} are allowed`);
      } catch (error) {
        // Only an unreadable or schema-breaking answer is repairable; an unreachable model is not.
        if (!(DomainError.isInstance(error) && error.code === 'LLM_BAD_RESPONSE')) throw error;
        problems = [error.message];
      }
      if (output && problems.length === 0) {
        const tasks = clampComplexity(output.tasks.map(normalizeTask), request.minComplexity, request.maxComplexity);
        return { plan: { tasks, source: 'llm' }, tokensUsed };
      }
      messages.push(
        { role: 'assistant', content: output ? JSON.stringify(output) : '(an invalid plan)' },
        {
          role: 'user',
          content: `That plan cannot run: ${problems.join('; ')}. Answer with a corrected plan as JSON.`,
        },
      );
    }
    throw new PlanInvalidError(`the planner could not produce a valid plan after one repair: ${problems.join('; ')}`);
  }
}

/** Keeps only tools the studio has; the model may name others. */
function normalizeTask(task: PlanTask): PlanTask {
  // MCP tools (`<server>__<tool>`) stay too; the agent generator keeps only those that exist.
  const tools = task.tools?.filter((tool) => ToolNameSchema.safeParse(tool).success || tool.includes('__'));
  return { ...task, ...(tools ? { tools } : {}) };
}

function plannerPrompt(request: PlanningRequest): string {
  const roles = AGENT_ROLES.map(
    (role) => `- ${role}: ${ROLE_PROFILES[role].purpose} (tools: ${ROLE_PROFILES[role].tools.join(', ')})`,
  ).join('\n');
  return [
    'You are the planner of a local agent studio. Split the user request into a small graph of tasks that agents will run.',
    `Use at most ${request.maxTasks} tasks. Each task has: id (short, unique), name, description (self-contained instruction),`,
    'dependencies (ids of tasks whose output it needs; independent tasks have none and run in parallel), expectedOutput,',
    `successCriteria, assignedAgent (one of the roles below), complexity (${request.minComplexity}-${request.maxComplexity}), tools (optional).`,
    'Dependencies must name existing tasks and must not form a cycle.',
    request.fileIds?.length ? `The user attached ${request.fileIds.length} file(s); agents can search them.` : '',
    'Roles:',
    roles,
    request.externalTools?.length
      ? `Tools from connected MCP servers (put one in a task's tools to let its agent call it):\n${request.externalTools
          .map((tool) => `- ${tool.name}: ${tool.description.slice(0, 200)}`)
          .join('\n')}`
      : '',
    'Answer only with JSON: {"tasks": [...]}.',
  ]
    .filter(Boolean)
    .join('\n');
}
