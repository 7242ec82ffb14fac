import { DEFAULT_USER_ID, type ToolsCallInput, type ToolsCallOutput, type ToolsListOutput } from '@studio/shared';
import { z } from 'zod';
import { ToolInputError, type AgentTool } from '../agents/tools/tool';
import { InvalidInputError } from '../errors/invalid-input-error';
import { NotFoundError } from '../errors/not-found-error';
import type { McpHub } from './mcp-hub';

/** `tools.list` and `tools.call`: every tool agents can use, built-in and MCP, and a way to try one. */
export class ToolService {
  constructor(
    private readonly builtins: ReadonlyMap<string, AgentTool>,
    readonly hub: McpHub,
  ) {}

  list(): ToolsListOutput {
    const builtin = [...this.builtins.values()].map((tool) => ({
      server: 'builtin',
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema ?? (z.toJSONSchema(tool.parameters) as Record<string, unknown>),
      agentName: tool.name,
    }));
    return { items: [...builtin, ...this.hub.list()], servers: this.hub.statuses() };
  }

  /** Runs one tool; an MCP server that is down or times out is a domain error, a tool's own failure is `isError`. */
  async call(input: ToolsCallInput, signal?: AbortSignal): Promise<ToolsCallOutput> {
    if (input.server !== 'builtin') return this.hub.call(input.server, input.name, input.input, signal);
    const tool = this.builtins.get(input.name);
    if (!tool) throw new NotFoundError('tool', `builtin/${input.name}`);
    try {
      const outcome = await tool.run(input.input, {
        userId: DEFAULT_USER_ID,
        signal: signal ?? new AbortController().signal,
      });
      return { content: [{ type: 'text', text: outcome.content }], isError: false };
    } catch (error) {
      if (error instanceof ToolInputError) throw new InvalidInputError('TOOL_INPUT_INVALID', error.message);
      return {
        content: [{ type: 'text', text: error instanceof Error ? error.message : String(error) }],
        isError: true,
      };
    }
  }
}
