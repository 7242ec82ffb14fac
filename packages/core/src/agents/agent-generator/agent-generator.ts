import type { AgentGeneratorConfig, PlanTask, ToolName } from '@studio/shared';
import { asRole, ROLE_PROFILES, type AgentRole } from './roles';
import { OUTPUT_CONTRACT, systemPromptFor } from './templates';
import { TIER_LIMITS, tierFor, type AgentLimits, type ComplexityTier } from './tiers';

/** Everything the runtime needs to run one task as an agent. */
export interface AgentSpec {
  agentId: string;
  taskId: string;
  role: AgentRole;
  tier: ComplexityTier;
  systemPrompt: string;
  tools: ToolName[];
  limits: AgentLimits;
  outputContract: string;
}

/**
 * Builds an agent spec per task: the role from the assigned agent, tools from the task (or the role)
 * narrowed to those configured and actually usable, and limits by complexity tier.
 */
export function generateAgent(
  task: PlanTask,
  config: Pick<AgentGeneratorConfig, 'available_tools'>,
  usableTools: ReadonlySet<ToolName>,
): AgentSpec {
  const role = asRole(task.assignedAgent);
  const wanted = (task.tools as ToolName[] | undefined)?.length
    ? (task.tools as ToolName[])
    : ROLE_PROFILES[role].tools;
  const tools = wanted.filter((tool) => config.available_tools.includes(tool) && usableTools.has(tool));
  const tier = tierFor(task.complexity);
  return {
    agentId: `${role}-${task.id}`,
    taskId: task.id,
    role,
    tier,
    systemPrompt: systemPromptFor(role, task, tools),
    tools: [...new Set(tools)],
    limits: { ...TIER_LIMITS[tier] },
    outputContract: OUTPUT_CONTRACT,
  };
}
