import type { PlanTask } from '@studio/shared';
import { ROLE_PROFILES, type AgentRole } from './roles';

/** The contract every agent's final answer must meet; the runtime relies on it when assembling. */
export const OUTPUT_CONTRACT =
  'Answer with plain text only: the result of your task, complete and self-contained, without greetings. ' +
  'State facts only from tool results or the inputs you were given, and name the file each fact comes from.';

/** The system prompt of an agent, from its role's template and its task. */
export function systemPromptFor(role: AgentRole, task: PlanTask, tools: readonly string[]): string {
  return [
    `You are the ${role} agent of a local agent studio. Your job: ${ROLE_PROFILES[role].purpose}.`,
    `Task: ${task.name}.`,
    `Expected output: ${task.expectedOutput}`,
    `Success criteria: ${task.successCriteria}`,
    tools.length > 0
      ? `Tools you may call: ${tools.join(', ')}. Call a tool when you need facts; answer when you have enough.`
      : 'You have no tools; work from the inputs you were given.',
    OUTPUT_CONTRACT,
  ].join('\n');
}
