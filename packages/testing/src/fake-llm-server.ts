import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake model does for one chat completion request. */
export type FakeReply =
  | { content: string; delayMs?: number; tokenDelayMs?: number }
  | { toolCalls: { name: string; arguments: Record<string, unknown> | string }[]; delayMs?: number }
  | { json: unknown }
  | { status: 500 | 502 | 503 | 429 | 400 | 401; retryAfterS?: number; message?: string }
  | { stall: true; afterTokens?: string[] }
  | { malformed: true };

export interface ChatRequest {
  model: string;
  messages: { role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }[];
  stream?: boolean;
  tools?: { type: string; function: { name: string } }[];
  response_format?: { type: string; json_schema?: { name?: string; schema?: unknown } };
  [key: string]: unknown;
}

export interface FakeLlmOptions {
  /** Decides each reply; by default the model echoes the last user message. */
  respond?: (request: ChatRequest, index: number) => FakeReply;
  /** Dimension of /v1/embeddings vectors. */
  embeddingDimension?: number;
  /**
   * Answers memory-extraction calls (Mem0's JSON-mode "Memory Extractor" prompt, sent after chat
   * turns when memory capture uses the model). They are kept apart from `requests` and the
   * `enqueue` queue so chat tests can script the model without memory capture taking replies.
   * Default: nothing to remember (`{ "memory": [] }`).
   */
  extract?: (request: ChatRequest, index: number) => FakeReply;
}

/**
 * A small OpenAI-compatible HTTP server for tests: plain and streamed chat completions, tool calls,
 * JSON output, embeddings and scripted failures, so the real `openai` client code path runs.
 */
export class FakeLlmServer {
  readonly requests: ChatRequest[] = [];
  /** Memory-extraction calls (see `FakeLlmOptions.extract`), in arrival order. */
  readonly extractionRequests: ChatRequest[] = [];
  readonly embeddingRequests: { input: string[]; model: string }[] = [];
  private readonly queue: FakeReply[] = [];
  private readonly stalled = new Set<ServerResponse>();
  private server?: Server;
  url = '';

  constructor(private readonly options: FakeLlmOptions = {}) {}

  /** Replies used in order before falling back to `respond`. */
  enqueue(...replies: FakeReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/v1`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.stalled) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = (req.url ?? '').replace(/\?.*$/, '');
    if (req.method === 'GET' && path.endsWith('/models')) {
      return sendJson(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', owned_by: 'tests' }] });
    }
    if (req.method === 'POST' && path.endsWith('/embeddings')) return this.embeddings(res, body);
    if (req.method === 'POST' && path.endsWith('/chat/completions')) return this.chat(res, body as ChatRequest);
    sendJson(res, 404, { error: { message: `no route ${req.method} ${path}` } });
  }

  private embeddings(res: ServerResponse, body: unknown): void {
    const request = body as { input: string | string[]; model: string; encoding_format?: string };
    const input = Array.isArray(request.input) ? request.input : [request.input];
    this.embeddingRequests.push({ input, model: request.model });
    const dimension = this.options.embeddingDimension ?? 64;
    sendJson(res, 200, {
      object: 'list',
      model: request.model,
      data: input.map((text, index) => {
        const vector = hashVector(text, dimension);
        // The openai client asks for base64 by default and decodes it as float32.
        const embedding =
          request.encoding_format === 'base64'
            ? Buffer.from(new Float32Array(vector).buffer).toString('base64')
            : vector;
        return { object: 'embedding', index, embedding };
      }),
      usage: { prompt_tokens: input.join(' ').split(/\s+/).length, total_tokens: input.join(' ').split(/\s+/).length },
    });
  }

  private async chat(res: ServerResponse, request: ChatRequest): Promise<void> {
    const extraction = isMemoryExtraction(request);
    const index = extraction ? this.extractionRequests.length : this.requests.length;
    (extraction ? this.extractionRequests : this.requests).push(request);
    const reply = extraction
      ? (this.options.extract?.(request, index) ?? { json: { memory: [] } })
      : (this.queue.shift() ?? this.options.respond?.(request, index) ?? { content: `Echo: ${lastUserText(request)}` });
    if ('status' in reply) {
      const headers: Record<string, string> =
        reply.retryAfterS !== undefined ? { 'retry-after': String(reply.retryAfterS) } : {};
      return sendJson(
        res,
        reply.status,
        { error: { message: reply.message ?? `scripted ${reply.status}`, type: 'test' } },
        headers,
      );
    }
    if ('malformed' in reply) {
      res.writeHead(200, { 'content-type': request.stream ? 'text/event-stream' : 'application/json' });
      res.end(request.stream ? 'data: {not json\n\n' : '{"choices": [ {');
      return;
    }
    const created = Math.floor(Date.now() / 1000);
    const id = `chatcmpl-${index}`;
    const base = { id, created, model: request.model };
    const content = 'content' in reply ? reply.content : 'json' in reply ? JSON.stringify(reply.json) : null;
    const toolCalls =
      'toolCalls' in reply
        ? reply.toolCalls.map((call, position) => ({
            id: `call_${index}_${position}`,
            type: 'function' as const,
            function: {
              name: call.name,
              arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
            },
          }))
        : undefined;
    const promptTokens = countTokens(JSON.stringify(request.messages));
    const completionTokens = countTokens(content ?? JSON.stringify(toolCalls ?? ''));
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    };
    if ('delayMs' in reply && reply.delayMs) await delay(reply.delayMs);

    if (!request.stream) {
      if ('stall' in reply) {
        this.stalled.add(res);
        return;
      }
      return sendJson(res, 200, {
        ...base,
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content, tool_calls: toolCalls },
            finish_reason: toolCalls ? 'tool_calls' : 'stop',
          },
        ],
        usage,
      });
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (chunk: unknown) =>
      res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', ...(chunk as object) })}\n\n`);
    send({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    if ('stall' in reply) {
      for (const token of reply.afterTokens ?? [])
        send({ choices: [{ index: 0, delta: { content: token }, finish_reason: null }] });
      this.stalled.add(res);
      return;
    }
    if (toolCalls) {
      send({
        choices: [
          {
            index: 0,
            delta: { tool_calls: toolCalls.map((call, position) => ({ index: position, ...call })) },
            finish_reason: null,
          },
        ],
      });
    } else {
      const tokenDelay = 'tokenDelayMs' in reply ? reply.tokenDelayMs : undefined;
      for (const token of splitTokens(content ?? '')) {
        if (tokenDelay) await delay(tokenDelay);
        if (res.destroyed) return;
        send({ choices: [{ index: 0, delta: { content: token }, finish_reason: null }] });
      }
    }
    send({ choices: [{ index: 0, delta: {}, finish_reason: toolCalls ? 'tool_calls' : 'stop' }] });
    const streamOptions = request.stream_options as { include_usage?: boolean } | undefined;
    if (streamOptions?.include_usage) send({ choices: [], usage });
    res.end('data: [DONE]\n\n');
  }
}

/** Starts a fake server; remember to `stop()` it. */
export async function startFakeLlm(options: FakeLlmOptions = {}): Promise<FakeLlmServer> {
  return new FakeLlmServer(options).start();
}

/** Mem0's extraction call: JSON mode with its "Memory Extractor" system prompt. */
export function isMemoryExtraction(request: ChatRequest): boolean {
  const system = request.messages.find((message) => message.role === 'system');
  return (
    request.response_format?.type === 'json_object' &&
    typeof system?.content === 'string' &&
    system.content.includes('Memory Extractor')
  );
}

/** The text of the last user message of a request. */
export function lastUserText(request: ChatRequest): string {
  const message = [...request.messages].reverse().find((item) => item.role === 'user');
  if (!message) return '';
  if (typeof message.content === 'string') return message.content;
  if (Array.isArray(message.content)) {
    return message.content.map((part: { text?: string }) => part.text ?? '').join('');
  }
  return '';
}

/** Splits text into word-ish tokens whose concatenation is the text. */
export function splitTokens(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function hashVector(text: string, dimension: number): number[] {
  const vector = new Array<number>(dimension).fill(0);
  for (const word of text.toLowerCase().split(/\W+/).filter(Boolean)) {
    const digest = createHash('sha256').update(word).digest();
    const slot = digest.readUInt32BE(0) % dimension;
    vector[slot] = (vector[slot] ?? 0) + (digest[4] !== undefined && digest[4] % 2 === 0 ? 1 : -1);
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
