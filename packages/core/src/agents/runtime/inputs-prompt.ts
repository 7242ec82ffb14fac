import type { AgentRunInput } from './agent-runner';

/** The user message an agent starts from: its task, the request it serves, and its inputs' outputs. */
export function taskPrompt(input: Pick<AgentRunInput, 'task' | 'request' | 'inputs'>): string {
  const parts = [`User request: ${input.request}`, `Your task: ${input.task.description}`];
  if (input.inputs.length > 0) {
    parts.push('Results of the tasks yours depends on:');
    for (const dependency of input.inputs)
      parts.push(`### ${dependency.name} (${dependency.taskId})\n${dependency.output}`);
  }
  return parts.join('\n\n');
}
