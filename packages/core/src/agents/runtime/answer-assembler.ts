import type { Citation, ExecutionTask } from '@studio/shared';
import { dependentsOf } from '../plan-graph';
import type { PlanSource } from '../plan';

/** The final answer and every source any completed task used. */
export interface AssembledAnswer {
  reply: string;
  citations: Citation[];
}

/**
 * Builds the reply from task outputs. When one task builds on all the others (a model's or a
 * workflow's synthesis step) its output is the answer; otherwise each task's result gets its own
 * section under the task's name (a workflow's intermediate steps only feed the later ones).
 * Tasks that did not complete are named with their reason, so a partial answer says it is partial.
 */
export function assembleAnswer(
  tasks: readonly ExecutionTask[],
  sourcesByTask: ReadonlyMap<string, Citation[]>,
  source: PlanSource,
): AssembledAnswer {
  const completed = tasks.filter((task) => task.status === 'completed' && task.output);
  const sinks = tasks.filter((task) => !tasks.some((other) => other.dependencies.includes(task.id)));
  const synthesis = sinks.length === 1 ? sinks[0] : undefined;
  const synthesisCoversAll =
    synthesis !== undefined &&
    source !== 'rules' &&
    synthesis.status === 'completed' &&
    tasks.every((task) => task.id === synthesis.id || dependentsOf(tasks, task.id).has(synthesis.id));

  const sections: string[] = [];
  if (synthesisCoversAll && synthesis.output) sections.push(synthesis.output);
  else if (completed.length === 1 && tasks.length === 1 && completed[0]?.output) sections.push(completed[0].output);
  else {
    // A workflow's gathering steps feed the later ones; the answer shows what they made of it.
    const shown = completed.filter(
      (task) => source !== 'workflow' || !completed.some((other) => other.dependencies.includes(task.id)),
    );
    for (const task of shown) sections.push(`**${task.name}**\n${task.output ?? ''}`);
  }

  const unfinished = tasks.filter((task) => task.status !== 'completed');
  if (unfinished.length > 0) {
    sections.push(
      unfinished.map((task) => `_${task.name}: ${task.status}${task.error ? ` — ${task.error}` : ''}_`).join('\n'),
    );
  }

  const citations = new Map<string, Citation>();
  for (const task of completed) {
    for (const citation of sourcesByTask.get(task.id) ?? []) {
      const seen = citations.get(citation.chunkId);
      if (!seen || seen.score < citation.score) citations.set(citation.chunkId, citation);
    }
  }
  return { reply: sections.join('\n\n'), citations: [...citations.values()] };
}
