import type { Citation, ToolName } from '@studio/shared';
import { findExpression } from '../tools/expression';
import { offlineArguments } from '../tools/offline-tool-arguments';
import { runToolCall } from '../tools/run-tool-call';
import { isBuiltinTool } from '../tools/tool-registry';
import { summarizeText } from '../tools/summarize';
import type { AgentTool, ToolOutcome } from '../tools/tool';
import { AgentLimitError, type AgentResult, type AgentRunInput, type AgentRunner } from './agent-runner';

/**
 * The offline agent: no model, so it decides from the task's wording which of its tools to run, runs
 * them for real, and writes its output from their results (extractive, with the passages it used).
 */
export class OfflineAgentRunner implements AgentRunner {
  constructor(private readonly tools: ReadonlyMap<string, AgentTool>) {}

  async run(input: AgentRunInput): Promise<AgentResult> {
    const { spec, task } = input;
    const focus = focusOf(task.description);
    const allowed = (name: ToolName) => spec.tools.includes(name) && this.tools.has(name);
    const calls = [
      ...plannedCalls(focus, task.description, allowed, spec.role, input.context.userId),
      ...this.externalCalls(spec.tools, task.description),
    ];
    if (calls.length > spec.limits.maxSteps)
      throw new AgentLimitError(
        `step limit of ${spec.limits.maxSteps} reached: the task needs ${calls.length} tool calls`,
      );

    const results = new Map<string, ToolOutcome>();
    let step = 0;
    for (const call of calls) {
      step += 1;
      const tool = this.tools.get(call.tool);
      if (!tool) continue;
      try {
        results.set(call.tool, await runToolCall(tool, call.args, input.context, step, input.onStep));
      } catch (error) {
        if (calls.length === 1) throw error;
      }
    }
    return compose(focus, results, input);
  }

  /** MCP tools the task names, with their arguments taken from its wording. */
  private externalCalls(allowedTools: readonly string[], description: string): PlannedCall[] {
    return allowedTools
      .filter((name) => !isBuiltinTool(name))
      .map((name) => ({ tool: name, args: offlineArguments(this.tools.get(name)?.inputSchema, description) }));
  }
}

interface PlannedCall {
  tool: string;
  args: Record<string, unknown>;
}

function plannedCalls(
  focus: string,
  description: string,
  allowed: (name: ToolName) => boolean,
  role: string,
  userId: string,
): PlannedCall[] {
  const calls: PlannedCall[] = [];
  const expression = findExpression(description);
  if (expression && allowed('calculator')) calls.push({ tool: 'calculator', args: { expression } });
  if (/\b(list|which|what)\b.*\b(files|documents|uploads)\b/i.test(description) && allowed('list_files'))
    calls.push({ tool: 'list_files', args: {} });
  const remember = /\bremember (?:that )?(.+)/i.exec(description)?.[1];
  if (remember && allowed('save_memory')) calls.push({ tool: 'save_memory', args: { content: remember } });
  if (
    (role === 'memory_keeper' || /\b(my|me|i|remember|recall)\b/i.test(description)) &&
    !remember &&
    allowed('recall_memory') &&
    userId
  ) {
    calls.push({ tool: 'recall_memory', args: { query: focus } });
  }
  const needsFiles = !expression || /\b(file|document|report|according|says?)\b/i.test(description);
  if (needsFiles && allowed('search_files') && !remember)
    calls.push({ tool: 'search_files', args: { query: focus, k: 5 } });
  return calls;
}

const PASSAGES_USED = 3;

function compose(focus: string, results: Map<string, ToolOutcome>, input: AgentRunInput): AgentResult {
  const lines: string[] = [];
  const sources: Citation[] = [];
  for (const [tool, outcome] of results) if (!isBuiltinTool(tool)) lines.push(`${tool}: ${outcome.content}`);
  for (const tool of ['calculator', 'list_files', 'save_memory'] as const) {
    const outcome = results.get(tool);
    if (outcome) lines.push(outcome.content);
  }
  const memories = results.get('recall_memory');
  if (memories && !memories.content.startsWith('No memories')) lines.push(`From memory:\n${memories.content}`);

  const passages = results.get('search_files')?.sources.slice(0, PASSAGES_USED) ?? [];
  const wantsSummary =
    input.spec.role === 'summarizer' || /\b(summari[sz]e|summary|overview|key points)\b/i.test(input.task.description);
  if (passages.length > 0) {
    sources.push(...passages);
    if (wantsSummary) {
      lines.push(`Summary: ${summarizeText(passages.map((passage) => passage.snippet).join(' '), 3)}`);
      lines.push(`Sources: ${[...new Set(passages.map((passage) => passage.fileName))].join(', ')}`);
    } else {
      for (const passage of passages) {
        lines.push(
          `From ${passage.fileName}${passage.page !== undefined ? ` (p. ${passage.page})` : ''}: ${bestSentences(passage.snippet, focus)}`,
        );
      }
    }
  } else if (input.inputs.length > 0) {
    // Nothing of its own to search: work on what the earlier tasks produced.
    const combined = input.inputs.map((dependency) => dependency.output).join(' ');
    lines.push(
      wantsSummary
        ? `Summary: ${summarizeText(combined, 3)}`
        : `Based on the earlier results: ${summarizeText(combined, 4)}`,
    );
  }
  if (lines.length === 0) lines.push(`Nothing in the attached files or memories answers "${focus}".`);
  return { output: lines.join('\n'), sources, tokensUsed: 0 };
}

/** The sentences of a passage that share the most words with the question, in their order. */
function bestSentences(text: string, focus: string): string {
  const sentences = text
    .match(/[^.!?]+[.!?]*/g)
    ?.map((sentence) => sentence.trim())
    .filter(Boolean) ?? [text];
  const wanted = new Set(focus.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []);
  const scored = sentences.map((sentence, index) => ({
    index,
    score: (sentence.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []).filter((word) => wanted.has(word)).length,
  }));
  const keep = new Set(
    scored
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, 2)
      .map((entry) => entry.index),
  );
  return sentences.filter((_, index) => keep.has(index)).join(' ');
}

/** Workflow steps read "Do X for: <request>"; the part after the colon is what to search for. */
export function focusOf(description: string): string {
  const match = /^[^:]{3,80}:\s+(.+)$/s.exec(description);
  return (match?.[1] ?? description).trim();
}
