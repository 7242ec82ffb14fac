import type { Citation } from '@studio/shared';
import type { LanguageModel, LlmMessage, LlmRequest, LlmResult } from '../../llm/language-model';
import { runToolCall } from '../tools/run-tool-call';
import type { AgentTool } from '../tools/tool';
import { AgentLimitError, type AgentResult, type AgentRunInput, type AgentRunner } from './agent-runner';
import { taskPrompt } from './inputs-prompt';

/**
 * The real agent: asks the model, runs the tools it calls, feeds their results back, until it answers
 * or hits its step or token limit. A failing tool is reported to the model, which may try another way.
 */
export class LlmAgentRunner implements AgentRunner {
  constructor(
    private readonly llm: LanguageModel,
    private readonly tools: ReadonlyMap<string, AgentTool>,
  ) {}

  async run(input: AgentRunInput): Promise<AgentResult> {
    const { spec, context, budget } = input;
    const tools = spec.tools
      .map((name) => this.tools.get(name))
      .filter((tool): tool is AgentTool => tool !== undefined);
    const messages: LlmMessage[] = [
      { role: 'system', content: spec.systemPrompt },
      { role: 'user', content: taskPrompt(input) },
    ];
    const sources: Citation[] = [];
    let generated = 0;
    let tokensUsed = 0;
    for (let step = 1; step <= spec.limits.maxSteps; step += 1) {
      budget.ensureRemaining();
      input.onStep({ status: 'thinking', step });
      const request = {
        messages,
        ...(tools.length > 0 ? { tools } : {}),
        maxTokens: spec.limits.maxTokens - generated,
      };
      const result = input.onText
        ? await this.streamStep(request, input.onText, context.signal)
        : await this.llm.generate(request, context.signal);
      tokensUsed += result.usage.totalTokens;
      generated += result.usage.completionTokens;
      budget.spend(result.usage.totalTokens);
      if (generated > spec.limits.maxTokens) {
        throw new AgentLimitError(`token limit of ${spec.limits.maxTokens} reached (${generated} generated)`);
      }
      if (result.toolCalls.length === 0) {
        const output = result.text.trim();
        if (!output) throw new Error('the agent answered with empty text');
        return { output, sources, tokensUsed };
      }
      messages.push({ role: 'assistant', content: result.text, toolCalls: result.toolCalls });
      for (const call of result.toolCalls) {
        const content = await this.callTool(call.name, call.arguments, tools, input, sources, step);
        messages.push({ role: 'tool', toolCallId: call.id, content });
      }
    }
    throw new AgentLimitError(`step limit of ${spec.limits.maxSteps} reached without an answer`);
  }

  /** One step streamed: its text is told as it arrives; tool calls and usage come whole. */
  private async streamStep(
    request: LlmRequest,
    onText: (text: string) => void,
    signal: AbortSignal,
  ): Promise<LlmResult> {
    const result: LlmResult = {
      text: '',
      toolCalls: [],
      finishReason: 'stop',
      usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
    };
    for await (const part of this.llm.stream(request, signal)) {
      if (part.type === 'text') {
        // Leading blank space is not told: the answer's text is trimmed the same way.
        const text = result.text.trim() === '' ? part.text.trimStart() : part.text;
        result.text += part.text;
        if (text) onText(text);
      } else if (part.type === 'tool-call') result.toolCalls.push(part.call);
      else {
        result.finishReason = part.finishReason;
        result.usage = part.usage;
      }
    }
    return result;
  }

  private async callTool(
    name: string,
    rawArguments: string,
    tools: AgentTool[],
    input: AgentRunInput,
    sources: Citation[],
    step: number,
  ): Promise<string> {
    const tool = tools.find((candidate) => candidate.name === name);
    if (!tool)
      return `error: the tool "${name}" is not available to this agent; available: ${tools.map((t) => t.name).join(', ') || 'none'}`;
    let args: unknown;
    try {
      args = rawArguments.trim() ? JSON.parse(rawArguments) : {};
    } catch {
      return `error: the arguments for ${name} are not valid JSON`;
    }
    try {
      const outcome = await runToolCall(tool, args, input.context, step, input.onStep);
      sources.push(...outcome.sources);
      return outcome.content;
    } catch (error) {
      // A cancelled run must stop, not be reported to the model as a tool failure.
      if (input.context.signal.aborted) throw input.context.signal.reason;
      return `error: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}
