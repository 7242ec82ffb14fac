import type { Citation, ExecutionTask } from '@studio/shared';
import { dependentsOf } from '../plan-graph';
import type { PlanSource } from '../plan';
import type { AgentRunner } from './agent-runner';

/** The final answer and every source any completed task used. */
export interface ComposedAnswer {
  /** Exactly the text streamed, in order. */
  reply: string;
  citations: Citation[];
}

const FINISHED: readonly ExecutionTask['status'][] = ['completed', 'failed', 'skipped', 'cancelled'];

/**
 * Composes a plan's answer while the plan runs and streams each part as soon as it is known. When
 * one task's words are the answer (the only task, or a model's or workflow's synthesis step that
 * builds on all the others) they stream as that agent writes them. Otherwise each task's result
 * gets its own section under the task's name, sent in plan order once every task before it has
 * finished (a workflow's intermediate steps only feed the later ones and are not shown). Tasks that
 * did not complete are named with their reason at the end, so a partial answer says it is partial.
 */
export class AnswerComposer {
  private streamed = '';
  /** The task whose own words are the answer, if one is. */
  private readonly voice: string | undefined;
  private voiceAttempt = 0;
  private voiceWrote = false;
  private readonly attempts = new Map<string, number>();
  /** Sections are sent in plan order: the first task not yet decided. */
  private nextSection = 0;

  constructor(
    tasks: readonly ExecutionTask[],
    private readonly source: PlanSource,
    private readonly emit: (text: string) => void,
  ) {
    this.voice = voiceOf(tasks, source);
  }

  /** `runner`, with the answering task's words coming here as its agent writes them. */
  streaming(runner: AgentRunner): AgentRunner {
    return {
      run: (input) => {
        const taskId = input.task.id;
        const attempt = this.attempt(taskId);
        if (taskId !== this.voice) return runner.run(input);
        return runner.run({ ...input, onText: (text) => this.text(taskId, attempt, text) });
      },
    };
  }

  /** A task's agent starts an attempt; returns its number, for `text`. */
  attempt(taskId: string): number {
    const attempt = (this.attempts.get(taskId) ?? 0) + 1;
    this.attempts.set(taskId, attempt);
    return attempt;
  }

  /** Answer text an agent is writing: streamed at once when that task's words are the answer. */
  text(taskId: string, attempt: number, text: string): void {
    if (taskId !== this.voice || attempt !== this.attempts.get(taskId) || text === '') return;
    // A retry after a failed attempt that had begun the answer starts a new paragraph.
    if (this.voiceWrote && attempt !== this.voiceAttempt) this.write('\n\n');
    this.voiceAttempt = attempt;
    this.voiceWrote = true;
    this.write(text);
  }

  /** The plan as it stands: sends every part that is now decided. */
  update(tasks: readonly ExecutionTask[]): void {
    if (this.voice !== undefined) {
      const voice = tasks.find((task) => task.id === this.voice);
      // An agent that does not stream (offline, or one that answered through tools) gives its words whole.
      if (voice?.status === 'completed' && !this.voiceWrote && voice.output) {
        this.voiceWrote = true;
        this.write(voice.output);
      }
      return;
    }
    for (; this.nextSection < tasks.length; this.nextSection += 1) {
      const task = tasks[this.nextSection];
      if (!task || !this.decided(task, tasks)) return;
      if (this.shown(task, tasks)) this.section(`**${task.name}**\n${task.output ?? ''}`);
    }
  }

  /** The plan has finished: sends what is left (and the unfinished tasks), and returns the whole answer. */
  finish(tasks: readonly ExecutionTask[], sourcesByTask: ReadonlyMap<string, Citation[]>): ComposedAnswer {
    this.update(tasks);
    const voice = tasks.find((task) => task.id === this.voice);
    if (voice && voice.status !== 'completed') {
      // The answering step did not complete: the others' results stand in for it.
      for (const task of tasks) if (this.shown(task, tasks)) this.section(`**${task.name}**\n${task.output ?? ''}`);
    }
    const unfinished = tasks.filter((task) => task.status !== 'completed');
    if (unfinished.length > 0)
      this.section(
        unfinished.map((task) => `_${task.name}: ${task.status}${task.error ? ` — ${task.error}` : ''}_`).join('\n'),
      );
    return { reply: this.streamed, citations: citationsOf(tasks, sourcesByTask) };
  }

  /** Finished, and for a workflow step, so are the steps it feeds (they decide whether it is shown). */
  private decided(task: ExecutionTask, tasks: readonly ExecutionTask[]): boolean {
    if (!FINISHED.includes(task.status)) return false;
    if (this.source !== 'workflow') return true;
    return tasks.every((other) => !other.dependencies.includes(task.id) || FINISHED.includes(other.status));
  }

  private shown(task: ExecutionTask, tasks: readonly ExecutionTask[]): boolean {
    if (task.status !== 'completed' || !task.output || task.id === this.voice) return false;
    // A workflow's gathering steps feed the later ones; the answer shows what they made of it.
    return (
      this.source !== 'workflow' ||
      !tasks.some((other) => other.status === 'completed' && other.dependencies.includes(task.id))
    );
  }

  private section(text: string): void {
    this.write(this.streamed === '' ? text : `\n\n${text}`);
  }

  private write(text: string): void {
    this.streamed += text;
    this.emit(text);
  }
}

/** The only task, or a synthesis step that every other task leads to (not for rule plans, which list results). */
function voiceOf(tasks: readonly ExecutionTask[], source: PlanSource): string | undefined {
  if (tasks.length === 1) return tasks[0]?.id;
  const sinks = tasks.filter((task) => !tasks.some((other) => other.dependencies.includes(task.id)));
  const synthesis = sinks.length === 1 ? sinks[0] : undefined;
  if (!synthesis || source === 'rules') return undefined;
  const coversAll = tasks.every((task) => task.id === synthesis.id || dependentsOf(tasks, task.id).has(synthesis.id));
  return coversAll ? synthesis.id : undefined;
}

/** Every source a completed task used, once each, with its best score. */
function citationsOf(tasks: readonly ExecutionTask[], sourcesByTask: ReadonlyMap<string, Citation[]>): Citation[] {
  const citations = new Map<string, Citation>();
  for (const task of tasks) {
    if (task.status !== 'completed' || !task.output) continue;
    for (const citation of sourcesByTask.get(task.id) ?? []) {
      const seen = citations.get(citation.chunkId);
      if (!seen || seen.score < citation.score) citations.set(citation.chunkId, citation);
    }
  }
  return [...citations.values()];
}
