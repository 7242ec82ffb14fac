import type { PlanTask } from '@studio/shared';

/** Structural problems of a plan graph, in words a model (for repair) and a user can read. */
export function findPlanProblems(tasks: readonly PlanTask[]): string[] {
  const problems: string[] = [];
  if (tasks.length === 0) problems.push('the plan has no tasks');
  const ids = new Set<string>();
  for (const task of tasks) {
    if (ids.has(task.id)) problems.push(`task id "${task.id}" is used twice`);
    ids.add(task.id);
  }
  for (const task of tasks) {
    for (const dependency of task.dependencies) {
      if (dependency === task.id) problems.push(`task "${task.id}" depends on itself`);
      else if (!ids.has(dependency)) problems.push(`task "${task.id}" depends on unknown task "${dependency}"`);
    }
  }
  const cycle = findCycle(tasks);
  if (cycle) problems.push(`the dependencies form a cycle: ${cycle.join(' -> ')}`);
  return problems;
}

/** One dependency cycle as a path of task ids (first id repeated at the end), or undefined. */
export function findCycle(tasks: readonly PlanTask[]): string[] | undefined {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    const seen = state.get(id);
    if (seen === 'done') return undefined;
    if (seen === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const dependency of byId.get(id)?.dependencies ?? []) {
      if (dependency === id || !byId.has(dependency)) continue;
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const task of tasks) {
    const cycle = visit(task.id);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Every task that (transitively) depends on `taskId`. */
export function dependentsOf(tasks: readonly PlanTask[], taskId: string): Set<string> {
  const result = new Set<string>();
  const queue = [taskId];
  while (queue.length > 0) {
    const current = queue.shift();
    for (const task of tasks) {
      if (current !== undefined && task.dependencies.includes(current) && !result.has(task.id)) {
        result.add(task.id);
        queue.push(task.id);
      }
    }
  }
  return result;
}

/** Clamps task complexity into the configured bounds. */
export function clampComplexity(tasks: PlanTask[], min: number, max: number): PlanTask[] {
  return tasks.map((task) => ({ ...task, complexity: Math.min(max, Math.max(min, task.complexity)) }));
}

/**
 * `planner.enable_task_optimization`: a task that repeats an earlier one word for word is dropped,
 * and whatever depended on it depends on the earlier task instead.
 */
export function mergeDuplicateTasks(tasks: readonly PlanTask[]): PlanTask[] {
  const firstByText = new Map<string, string>();
  const replaced = new Map<string, string>();
  for (const task of tasks) {
    const key = task.description
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    const first = firstByText.get(key);
    if (first && !task.dependencies.includes(first)) replaced.set(task.id, first);
    else if (!first) firstByText.set(key, task.id);
  }
  return tasks
    .filter((task) => !replaced.has(task.id))
    .map((task) => ({
      ...task,
      dependencies: [...new Set(task.dependencies.map((id) => replaced.get(id) ?? id))].filter((id) => id !== task.id),
    }));
}
