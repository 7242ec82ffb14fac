import type { AgentEvent, Execution, PlanGraphEvent } from '@studio/shared';
import type { EventBus } from '../../events/event-bus';

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

/** Publishes an `agent-step` event. */
export function publishAgentStep(bus: EventBus, event: AgentEvent): void {
  bus.publish('agent-step', event);
}
