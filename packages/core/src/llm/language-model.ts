import type { z } from 'zod';

/** One message of a conversation sent to a model. */
export type LlmMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: LlmToolCall[] }
  | { role: 'tool'; content: string; toolCallId: string };

/** A function the model may call; its parameters are a zod object, sent as JSON schema. */
export interface LlmTool {
  name: string;
  description: string;
  parameters: z.ZodType;
  /** The JSON schema sent as is instead of `parameters`' (an MCP tool's own schema). */
  inputSchema?: Record<string, unknown>;
}

/** A call the model asked for; `arguments` is the raw JSON text it produced. */
export interface LlmToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** Tokens one request used, as reported by the provider (or estimated when it reports none). */
export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface LlmRequest {
  messages: LlmMessage[];
  tools?: LlmTool[];
  temperature?: number;
  maxTokens?: number;
}

/** What a streamed completion yields: text deltas in order, whole tool calls, then one finish. */
export type LlmStreamPart =
  | { type: 'text'; text: string }
  | { type: 'tool-call'; call: LlmToolCall }
  | { type: 'finish'; finishReason: string; usage: LlmUsage };

export interface LlmResult {
  text: string;
  toolCalls: LlmToolCall[];
  finishReason: string;
  usage: LlmUsage;
}

/**
 * The one seam to a chat model. Implementations retry transient failures before the first token,
 * never hang (a stalled stream is an error), and throw `LlmError` with a stable code.
 */
export interface LanguageModel {
  /** Provider and model, for logs and health ("openai-compatible:llama3"). */
  readonly name: string;
  stream(request: LlmRequest, signal?: AbortSignal): AsyncIterable<LlmStreamPart>;
  generate(request: LlmRequest, signal?: AbortSignal): Promise<LlmResult>;
  /** Structured output: the model answers JSON matching `schema`, validated before it is returned. */
  generateObject<T>(
    request: LlmRequest & { schema: z.ZodType<T>; schemaName: string },
    signal?: AbortSignal,
  ): Promise<{ object: T; usage: LlmUsage }>;
  /** Checks the provider answers at all; used by the health probe. */
  ping(signal?: AbortSignal): Promise<void>;
}

/** Rough token count for text a provider did not count: about four characters per token. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}
