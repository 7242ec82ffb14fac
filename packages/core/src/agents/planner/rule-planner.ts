import type { PlanTask } from '@studio/shared';
import { roleFor, ROLE_PROFILES } from '../agent-generator/roles';
import { clampComplexity } from '../plan-graph';
import type { PlanningRequest } from '../plan';
import { estimateComplexity } from './complexity';
import { splitRequest } from './split-request';

/** Deterministic tasks for a request; several plain questions stay independent so they can run in parallel. */
export function planTasks(request: PlanningRequest): PlanTask[] {
  const { parts, shape } = splitRequest(request.message);
  const limited = limitParts(parts, Math.max(1, request.maxTasks));
  const tasks = limited.map((part, index): PlanTask => {
    const role = roleFor(part);
    return {
      id: `task_${index + 1}`,
      name: taskName(part),
      description: part,
      dependencies: shape === 'sequence' && index > 0 ? [`task_${index}`] : [],
      expectedOutput: `An answer to: ${part}`,
      successCriteria: 'Answers this part from the attached files, memories or earlier results and names its sources',
      assignedAgent: role,
      complexity: estimateComplexity(part).level,
      tools: ROLE_PROFILES[role].tools,
    };
  });
  return clampComplexity(tasks, request.minComplexity, request.maxComplexity);
}

/** Over the limit, the remaining parts are folded into the last task rather than dropped. */
function limitParts(parts: string[], maxTasks: number): string[] {
  if (parts.length <= maxTasks) return parts;
  return [...parts.slice(0, maxTasks - 1), parts.slice(maxTasks - 1).join('; then ')];
}

/** A short readable title: the first words of the part, capitalised. */
export function taskName(part: string): string {
  const words = part.replace(/[?.!]+$/, '').split(/\s+/);
  const name = words.slice(0, 7).join(' ') + (words.length > 7 ? '…' : '');
  return name.charAt(0).toUpperCase() + name.slice(1);
}
