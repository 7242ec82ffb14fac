import type { Execution, PlanGraphEvent } from '@studio/shared';

/** The plan graph as clients see it (`plan-update`). */
export function planGraphEvent(execution: Execution): PlanGraphEvent {
  return {
    executionId: execution.executionId,
    ...(execution.sessionId ? { sessionId: execution.sessionId } : {}),
    tasks: execution.tasks.map((task) => ({
      id: task.id,
      name: task.name,
      status: task.status,
      dependencies: task.dependencies,
      assignedAgent: task.assignedAgent,
    })),
  };
}
