import type { Citation, SearchHit, ToolName } from '@studio/shared';
import { z } from 'zod';
import type { LlmTool } from '../../llm/language-model';

/** What a tool call runs with: who asked, which files the request is about, and the stop signal. */
export interface ToolContext {
  userId: string;
  fileIds?: string[];
  signal: AbortSignal;
}

/** A tool's answer: text for the agent and the file passages it drew on (for the final citations). */
export interface ToolOutcome {
  content: string;
  sources: Citation[];
  /** The whole passages behind `sources` (whose snippets are clipped), for agents that quote them. */
  passages?: SearchHit[];
}

/** A tool agents can call: its zod parameters double as the JSON schema sent to the model. */
export interface AgentTool extends LlmTool {
  /** A built-in `ToolName`, or `<server>__<tool>` for an MCP tool. */
  readonly name: string;
  /** Where the tool comes from: "builtin" or the MCP server's name. */
  readonly server?: string;
  /** Validates `input` against the parameters, then runs; throws `ToolInputError` on bad input. */
  run(input: unknown, context: ToolContext): Promise<ToolOutcome>;
}

/** Bad arguments for a tool; the message goes back to the model so it can correct itself. */
export class ToolInputError extends Error {
  constructor(tool: string, message: string) {
    super(`invalid arguments for ${tool}: ${message}`);
    this.name = 'ToolInputError';
  }
}

/** Defines a tool with typed arguments; the returned tool checks its input before `execute` sees it. */
export function defineTool<S extends z.ZodType>(definition: {
  name: ToolName;
  description: string;
  parameters: S;
  execute(args: z.infer<S>, context: ToolContext): Promise<ToolOutcome>;
}): AgentTool {
  return {
    name: definition.name,
    description: definition.description,
    parameters: definition.parameters,
    run: async (input, context) => {
      const parsed = definition.parameters.safeParse(input);
      if (!parsed.success) throw new ToolInputError(definition.name, z.prettifyError(parsed.error));
      return definition.execute(parsed.data, context);
    },
  };
}

/** A citation for a passage, with a snippet short enough for a chat client. */
export function citationOf(hit: {
  fileId: string;
  fileName: string;
  chunkId: string;
  text: string;
  score: number;
  page?: number;
}): Citation {
  return {
    fileId: hit.fileId,
    fileName: hit.fileName,
    chunkId: hit.chunkId,
    ...(hit.page !== undefined ? { page: hit.page } : {}),
    snippet: hit.text.replace(/\s+/g, ' ').trim().slice(0, 240),
    score: hit.score,
  };
}
