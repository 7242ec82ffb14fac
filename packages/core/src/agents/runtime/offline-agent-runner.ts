import type { Citation, SearchHit, ToolName } from '@studio/shared';
import { bestSpans } from '../../chat/offline-answer';
import { sourceLabel } from '../../chat/sources';
import { contentTerms, overlap } from '../../text/terms';
import { findExpression } from '../tools/expression';
import { offlineArguments } from '../tools/offline-tool-arguments';
import { runToolCall } from '../tools/run-tool-call';
import { isBuiltinTool } from '../tools/tool-registry';
import { citationOf, type AgentTool, type ToolOutcome } from '../tools/tool';
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
    const call = async (planned: PlannedCall, required: boolean): Promise<void> => {
      const tool = this.tools.get(planned.tool);
      if (!tool) return;
      step += 1;
      try {
        results.set(planned.tool, await runToolCall(tool, planned.args, input.context, step, input.onStep));
      } catch (error) {
        if (required) throw error;
      }
    };
    for (const planned of calls) await call(planned, calls.length === 1);

    // A summary is of a document: the one the request names, else the one the search ranked first.
    const passages = focusPassages(results.get('search_files')?.passages ?? [], focus);
    if (wantsSummary(input) && allowed('summarize') && !results.has('calculator') && step < spec.limits.maxSteps) {
      const points = /\b(key points|main points|extract)\b/i.test(instructionOf(task.description));
      const shape = { maxSentences: points ? 5 : 3, asList: points };
      const document = passages[0];
      if (document) {
        // The whole file when the tool can read it; the passages found in it otherwise.
        const found = passages.filter((passage) => passage.fileId === document.fileId);
        const text = found.map((passage) => passage.text).join('\n\n');
        await call({ tool: 'summarize', args: { fileId: document.fileId, text, ...shape } }, false);
      } else if (input.inputs.length > 0) {
        const text = input.inputs.map((dependency) => dependency.output).join('\n\n');
        await call({ tool: 'summarize', args: { text, ...shape } }, false);
      }
    }
    return compose(focus, results, passages, input);
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
  if (!expression && /\b(list|which|what)\b.*\b(files|documents|uploads)\b/i.test(description) && allowed('list_files'))
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

/** True when the task itself (not the request it serves) asks for a summary or key points. */
function wantsSummary(input: AgentRunInput): boolean {
  return (
    input.spec.role === 'summarizer' ||
    /\b(summari[sz]e|summary|overview|key points|main points)\b/i.test(instructionOf(input.task.description))
  );
}

/**
 * The passages that belong to the request: when it names a file ("the GPL" → GPL-3), only that
 * file's; otherwise all of them, in search order.
 */
function focusPassages(passages: SearchHit[], focus: string): SearchHit[] {
  const terms = contentTerms(focus);
  const named = passages.filter((passage) => overlap(passage.fileName.replace(/[-_.]/g, ' '), terms) > 0);
  return named.length > 0 ? named : passages;
}

/** Writes the task's result from what its tools returned, in plain words, each kind of result once. */
function compose(
  focus: string,
  results: Map<string, ToolOutcome>,
  passages: SearchHit[],
  input: AgentRunInput,
): AgentResult {
  const calculated = results.get('calculator');
  // A calculation is answered by its number; nothing else the task found belongs next to it.
  if (calculated) return { output: calculated.content, sources: [], tokensUsed: 0 };
  const lines: string[] = [];
  const sources: Citation[] = [];
  for (const [tool, outcome] of results) if (!isBuiltinTool(tool)) lines.push(`${tool}: ${outcome.content}`);
  for (const tool of ['list_files', 'save_memory'] as const) {
    const outcome = results.get(tool);
    if (outcome) lines.push(outcome.content);
  }
  const memories = results.get('recall_memory');
  if (memories && !memories.content.startsWith('No memories')) lines.push(`From memory:\n${memories.content}`);

  const terms = contentTerms(focus);
  const summary = results.get('summarize');
  if (summary?.content) {
    const cited =
      summary.sources.length > 0
        ? summary.sources
        : passages.filter((passage) => passage.fileId === passages[0]?.fileId).map(citationOf);
    const about = cited[0]?.fileName;
    const list = summary.content.startsWith('- ');
    lines.push(about ? `${list ? `From ${about}:\n` : `${about}, in short: `}${summary.content}` : summary.content);
    sources.push(...cited);
  } else if (passages.length > 0) {
    for (const passage of passages.slice(0, PASSAGES_USED)) {
      const quoted = bestSpans(passage.text, terms)
        .map((span) => `“${span.text.replace(/\s+/g, ' ')}”${span.cut ? '…' : ''}`)
        .join(' … ');
      lines.push(`${quoted} (${sourceLabel(passage)})`);
      sources.push(citationOf(passage));
    }
  } else if (input.inputs.length > 0) {
    // Nothing of its own to search: the lines of the earlier results that speak to this task.
    const earlier = input.inputs.flatMap((dependency) => dependency.output.split('\n')).filter(Boolean);
    const relevant = earlier.filter((line) => overlap(line, terms) > 0);
    lines.push(...(relevant.length > 0 ? relevant : earlier).slice(0, PASSAGES_USED));
  }
  if (lines.length === 0) lines.push(`Nothing in the attached files or memories answers "${focus}".`);
  return { output: lines.join('\n'), sources, tokensUsed: 0 };
}

/** Workflow steps read "Do X for: <request>"; the part after the colon is what to search for. */
export function focusOf(description: string): string {
  const match = /^[^:]{3,80}:\s+(.+)$/s.exec(description);
  return (match?.[1] ?? description).trim();
}

/** What the task itself is asked to do: the part before the colon of a workflow step. */
function instructionOf(description: string): string {
  return /^([^:]{3,80}):\s+.+$/s.exec(description)?.[1] ?? description;
}
