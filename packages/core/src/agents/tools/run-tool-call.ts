import type { AgentStepReport } from '../runtime/agent-runner';
import { capToolOutput } from '../../tools/tool-output';
import type { AgentTool, ToolContext, ToolOutcome } from './tool';

/**
 * Runs one tool call for an agent and reports it as `tool_call` then `tool_result` steps, the result
 * with its arguments, duration, size and error; the content is capped before it can reach a prompt.
 * A failure is reported and rethrown (a cancelled run rethrows its own reason).
 */
export async function runToolCall(
  tool: AgentTool,
  args: unknown,
  context: ToolContext,
  step: number,
  onStep: (report: AgentStepReport) => void,
): Promise<ToolOutcome> {
  const argumentsText = JSON.stringify(args ?? {}).slice(0, 500);
  onStep({ status: 'tool_call', step, tool: tool.name, message: argumentsText });
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  try {
    const outcome = await tool.run(args, context);
    const content = capToolOutput(outcome.content);
    onStep({
      status: 'tool_result',
      step,
      tool: tool.name,
      message: content.slice(0, 500),
      toolCall: { arguments: argumentsText, durationMs: durationMs(), resultChars: outcome.content.length },
    });
    return { ...outcome, content };
  } catch (error) {
    if (context.signal.aborted) throw context.signal.reason;
    const message = error instanceof Error ? error.message : String(error);
    onStep({
      status: 'tool_result',
      step,
      tool: tool.name,
      message: `error: ${message}`.slice(0, 500),
      toolCall: { arguments: argumentsText, durationMs: durationMs(), resultChars: 0, error: message },
    });
    throw error;
  }
}
