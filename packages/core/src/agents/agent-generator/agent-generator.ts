import type { AgentGeneratorConfig, PlanTask } from '@studio/shared';
import { namedExternalTools } from '../tools/tool-mentions';
import { isBuiltinTool } from '../tools/tool-registry';
import { asRole, ROLE_PROFILES, type AgentRole } from './roles';
import { OUTPUT_CONTRACT, systemPromptFor } from './templates';
import { limitsFor, tierFor, type AgentDefaults, type AgentLimits, type ComplexityTier } from './tiers';

/** Everything the runtime needs to run one task as an agent. */
export interface AgentSpec {
  agentId: string;
  taskId: string;
  role: AgentRole;
  tier: ComplexityTier;
  systemPrompt: string;
  /** Built-in tool names and `<server>__<tool>` MCP tools. */
  tools: string[];
  limits: AgentLimits;
  outputContract: string;
}

/**
 * Builds an agent spec per task: the role from the assigned agent, tools from the task (or the role)
 * narrowed to those configured and actually usable, plus MCP tools the task names (usable ones are
 * already narrowed to their server's `allowed_tools`), and limits scaled from the configured defaults by
 * complexity tier.
 */
export function generateAgent(
  task: PlanTask,
  config: Pick<AgentGeneratorConfig, 'available_tools'> & AgentDefaults,
  usableTools: ReadonlySet<string>,
): AgentSpec {
  const role = asRole(task.assignedAgent);
  const wanted: string[] = task.tools?.length ? task.tools : ROLE_PROFILES[role].tools;
  const allowed = (tool: string) =>
    usableTools.has(tool) && (!isBuiltinTool(tool) || config.available_tools.includes(tool));
  const tools = [...wanted, ...namedExternalTools(task.description, usableTools)].filter(allowed);
  const tier = tierFor(task.complexity);
  return {
    agentId: `${role}-${task.id}`,
    taskId: task.id,
    role,
    tier,
    systemPrompt: systemPromptFor(role, task, tools),
    tools: [...new Set(tools)],
    limits: limitsFor(tier, config),
    outputContract: OUTPUT_CONTRACT,
  };
}
