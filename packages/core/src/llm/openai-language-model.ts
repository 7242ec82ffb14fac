import OpenAI from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { z } from 'zod';
import { LlmError } from '../errors/llm-error';
import type { Logger } from '../logger';
import {
  estimateTokens,
  type LanguageModel,
  type LlmRequest,
  type LlmResult,
  type LlmStreamPart,
  type LlmToolCall,
  type LlmUsage,
} from './language-model';
import { classifyFailure } from './openai-errors';
import { backoffMs, DEFAULT_RETRY_POLICY, sleep, type RetryPolicy } from './retry';
import { guardStalls } from './stall-guard';

export interface OpenAILanguageModelOptions {
  baseURL: string;
  apiKey?: string;
  model?: string;
  /** Time allowed until the provider starts answering. */
  timeoutMs?: number;
  /** A stream that sends nothing for this long is stopped with `LLM_STALLED`. */
  stallTimeoutMs?: number;
  /** The same for the first chunk, which may follow a long prompt evaluation (defaults to 4× the stall timeout). */
  firstChunkTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
}

/** A `LanguageModel` over any OpenAI-compatible server (OpenAI, Ollama, llama.cpp, vLLM). */
export class OpenAILanguageModel implements LanguageModel {
  readonly name: string;
  readonly baseURL: string;
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly stallTimeoutMs: number;
  private readonly firstChunkTimeoutMs: number;
  private readonly policy: RetryPolicy;

  constructor(private readonly options: OpenAILanguageModelOptions) {
    this.model = options.model ?? 'gpt-4o-mini';
    this.baseURL = options.baseURL;
    this.name = `openai-compatible:${this.model}`;
    this.stallTimeoutMs = options.stallTimeoutMs ?? 30_000;
    this.firstChunkTimeoutMs = options.firstChunkTimeoutMs ?? this.stallTimeoutMs * 4;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    // Retries are ours: they honour retry-after, stop at the first streamed token, and can be logged.
    this.client = new OpenAI({
      baseURL: options.baseURL,
      apiKey: options.apiKey ?? 'not-needed',
      maxRetries: 0,
      timeout: options.timeoutMs ?? 60_000,
      // Failures are reported through LlmError; the library's own console output would only duplicate them.
      logLevel: 'off',
    });
  }

  stream(request: LlmRequest, signal?: AbortSignal): AsyncGenerator<LlmStreamPart> {
    return this.streamParams(this.params(request), signal);
  }

  private async *streamParams(
    params: ChatCompletionCreateParamsStreaming,
    signal?: AbortSignal,
  ): AsyncGenerator<LlmStreamPart> {
    for (let attempt = 0; ; attempt += 1) {
      const controller = new AbortController();
      const onAbort = () => controller.abort(signal?.reason);
      if (signal?.aborted) throw signal.reason;
      signal?.addEventListener('abort', onAbort, { once: true });
      let yielded = false;
      try {
        const stream = await this.client.chat.completions.create(params, { signal: controller.signal });
        const calls = new Map<number, LlmToolCall>();
        let text = '';
        let usage: LlmUsage | undefined;
        let finishReason = 'stop';
        for await (const chunk of guardStalls(
          stream,
          this.stallTimeoutMs,
          () => controller.abort(),
          this.firstChunkTimeoutMs,
        )) {
          if (chunk.usage) usage = toUsage(chunk.usage);
          const choice = chunk.choices[0];
          if (!choice) continue;
          const content = choice.delta?.content;
          if (content) {
            text += content;
            yielded = true;
            yield { type: 'text', text: content };
          }
          collectToolCalls(calls, choice.delta?.tool_calls);
          if (choice.finish_reason) finishReason = choice.finish_reason;
        }
        // The openai stream ends quietly when aborted; an aborted answer must not look finished.
        if (signal?.aborted) throw signal.reason;
        const toolCalls = [...calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
        for (const call of toolCalls) yield { type: 'tool-call', call };
        const promptTokens = estimateTokens(JSON.stringify(params.messages));
        const completionTokens = estimateTokens(text + toolCalls.map((call) => call.arguments).join(''));
        yield {
          type: 'finish',
          finishReason,
          usage: usage ?? { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens },
        };
        return;
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const failure = classifyFailure(error, this.baseURL, this.policy);
        if (yielded || !failure.retryable || attempt >= this.policy.maxRetries) throw failure.error;
        const waitMs = failure.waitMs ?? backoffMs(this.policy, attempt);
        this.options.logger?.warn('language model request failed; retrying', {
          code: failure.error.code,
          attempt: attempt + 1,
          waitMs,
        });
        await sleep(waitMs, signal);
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    }
  }

  generate(request: LlmRequest, signal?: AbortSignal): Promise<LlmResult> {
    return this.collect(this.params(request), signal);
  }

  private async collect(params: ChatCompletionCreateParamsStreaming, signal?: AbortSignal): Promise<LlmResult> {
    let text = '';
    const toolCalls: LlmToolCall[] = [];
    for await (const part of this.streamParams(params, signal)) {
      if (part.type === 'text') text += part.text;
      else if (part.type === 'tool-call') toolCalls.push(part.call);
      else return { text, toolCalls, finishReason: part.finishReason, usage: part.usage };
    }
    throw new LlmError('LLM_BAD_RESPONSE', 'the language model stream ended without finishing');
  }

  async generateObject<T>(
    request: LlmRequest & { schema: z.ZodType<T>; schemaName: string },
    signal?: AbortSignal,
  ): Promise<{ object: T; usage: LlmUsage }> {
    const { schema, schemaName, ...rest } = request;
    const jsonSchema = z.toJSONSchema(schema) as Record<string, unknown>;
    let result: LlmResult;
    try {
      result = await this.collect(
        this.params({ ...rest, responseFormat: { name: schemaName, schema: jsonSchema } }),
        signal,
      );
    } catch (error) {
      if (!(error instanceof LlmError) || error.code !== 'LLM_REJECTED') throw error;
      // Servers without json_schema support (older llama.cpp, some proxies) refuse it: ask for plain
      // JSON mode with the schema spelled out instead.
      const instruction = `Answer with one JSON object that matches this JSON schema, and nothing else:\n${JSON.stringify(jsonSchema)}`;
      result = await this.collect(
        this.params({
          ...rest,
          messages: [{ role: 'system', content: instruction }, ...rest.messages],
          responseFormat: 'json_object',
        }),
        signal,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(stripFences(result.text));
    } catch (error) {
      throw new LlmError('LLM_BAD_RESPONSE', `the language model did not answer with JSON for ${schemaName}`, {
        cause: error,
      });
    }
    const checked = schema.safeParse(parsed);
    if (!checked.success) {
      throw new LlmError(
        'LLM_BAD_RESPONSE',
        `the language model's ${schemaName} did not match its schema: ${z.prettifyError(checked.error)}`,
      );
    }
    return { object: checked.data, usage: result.usage };
  }

  async ping(signal?: AbortSignal): Promise<void> {
    try {
      await this.client.models.list({ signal, timeout: 2000, maxRetries: 0 });
    } catch (error) {
      // A server without /models still answered, which is all a ping asks.
      if (error instanceof OpenAI.NotFoundError) return;
      throw classifyFailure(error, this.baseURL, this.policy).error;
    }
  }

  private params(
    request: LlmRequest & { responseFormat?: { name: string; schema: Record<string, unknown> } | 'json_object' },
  ): ChatCompletionCreateParamsStreaming {
    const format = request.responseFormat;
    return {
      model: this.model,
      stream: true,
      stream_options: { include_usage: true },
      messages: request.messages.map(toOpenAIMessage),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
      ...(request.tools && request.tools.length > 0
        ? {
            tools: request.tools.map((tool) => ({
              type: 'function' as const,
              function: {
                name: tool.name,
                description: tool.description,
                parameters: tool.inputSchema ?? (z.toJSONSchema(tool.parameters) as Record<string, unknown>),
              },
            })),
          }
        : {}),
      ...(format === 'json_object'
        ? { response_format: { type: 'json_object' as const } }
        : format
          ? {
              response_format: {
                type: 'json_schema' as const,
                json_schema: { name: format.name, schema: format.schema, strict: false },
              },
            }
          : {}),
    };
  }
}

function toOpenAIMessage(message: LlmRequest['messages'][number]): ChatCompletionMessageParam {
  switch (message.role) {
    case 'tool':
      return { role: 'tool', content: message.content, tool_call_id: message.toolCallId };
    case 'assistant':
      return {
        role: 'assistant',
        content: message.content,
        ...(message.toolCalls && message.toolCalls.length > 0
          ? {
              tool_calls: message.toolCalls.map((call) => ({
                id: call.id,
                type: 'function' as const,
                function: { name: call.name, arguments: call.arguments },
              })),
            }
          : {}),
      };
    default:
      return { role: message.role, content: message.content };
  }
}

type ToolCallDelta = NonNullable<ChatCompletionChunk['choices'][number]['delta']['tool_calls']>;

/** Tool calls stream in pieces keyed by index: the first carries id and name, later ones more arguments. */
function collectToolCalls(calls: Map<number, LlmToolCall>, deltas: ToolCallDelta | undefined): void {
  for (const delta of deltas ?? []) {
    const call = calls.get(delta.index) ?? { id: '', name: '', arguments: '' };
    if (delta.id) call.id = delta.id;
    if (delta.function?.name) call.name += delta.function.name;
    if (delta.function?.arguments) call.arguments += delta.function.arguments;
    calls.set(delta.index, call);
  }
}

function toUsage(usage: NonNullable<ChatCompletionChunk['usage']>): LlmUsage {
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
    totalTokens: usage.total_tokens,
  };
}

/** Some local models wrap JSON in a markdown fence even when asked not to. */
function stripFences(text: string): string {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(text);
  return fenced?.[1] ?? text;
}
