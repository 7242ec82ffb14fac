import { startFakeLlm, type FakeLlmServer } from '@studio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LlmError } from '../errors/llm-error';
import type { LlmStreamPart } from './language-model';
import { llmHealthProbe } from './llm-health';
import { OpenAILanguageModel } from './openai-language-model';

const ask = { messages: [{ role: 'user' as const, content: 'hello there' }] };

async function collect(parts: AsyncIterable<LlmStreamPart>): Promise<LlmStreamPart[]> {
  const out: LlmStreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

describe('OpenAILanguageModel against an OpenAI-compatible server', () => {
  let llm: FakeLlmServer;
  let model: OpenAILanguageModel;
  beforeAll(async () => {
    llm = await startFakeLlm();
    model = new OpenAILanguageModel({
      baseURL: llm.url,
      model: 'fake-model',
      stallTimeoutMs: 1000,
      timeoutMs: 2000,
      retry: { baseDelayMs: 10, maxDelayMs: 40, maxRetries: 2 },
    });
  });
  afterAll(() => llm.stop());

  it('streams text in order and reports token usage', async () => {
    llm.enqueue({ content: 'one two three' });
    const parts = await collect(model.stream(ask));
    const text = parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
    expect(text).toBe('one two three');
    const finish = parts.at(-1);
    expect(finish?.type).toBe('finish');
    expect(finish?.type === 'finish' && finish.usage.totalTokens).toBeGreaterThan(0);
  });

  it('returns tool calls with their arguments', async () => {
    llm.enqueue({ toolCalls: [{ name: 'calculator', arguments: { expression: '2*21' } }] });
    const result = await model.generate({
      ...ask,
      tools: [
        { name: 'calculator', description: 'evaluates arithmetic', parameters: z.object({ expression: z.string() }) },
      ],
    });
    expect(result.toolCalls).toEqual([
      { id: expect.any(String), name: 'calculator', arguments: '{"expression":"2*21"}' },
    ]);
    const sent = llm.requests.at(-1);
    expect(sent?.tools?.[0]?.function.name).toBe('calculator');
  });

  it('produces structured output validated against a zod schema', async () => {
    llm.enqueue({ json: { title: 'Budget review', tags: ['finance'] } });
    const schema = z.object({ title: z.string(), tags: z.array(z.string()) });
    const { object } = await model.generateObject({ ...ask, schema, schemaName: 'summary' });
    expect(object).toEqual({ title: 'Budget review', tags: ['finance'] });
    expect(llm.requests.at(-1)?.response_format?.json_schema?.schema).toMatchObject({ type: 'object' });

    llm.enqueue({ json: { title: 42 } });
    await expect(model.generateObject({ ...ask, schema, schemaName: 'summary' })).rejects.toMatchObject({
      code: 'LLM_BAD_RESPONSE',
    });
  });

  it('falls back to JSON mode when the server refuses json_schema', async () => {
    llm.enqueue(
      { status: 400, message: 'response_format json_schema is not supported' },
      { json: { title: 'ok', tags: [] } },
    );
    const schema = z.object({ title: z.string(), tags: z.array(z.string()) });
    const { object } = await model.generateObject({ ...ask, schema, schemaName: 'summary' });
    expect(object).toEqual({ title: 'ok', tags: [] });
    const retried = llm.requests.at(-1);
    expect(retried?.response_format).toEqual({ type: 'json_object' });
    expect(String(retried?.messages[0]?.content)).toContain('"title"');
  });

  it('retries a 500 and then succeeds', async () => {
    const before = llm.requests.length;
    llm.enqueue({ status: 500 }, { content: 'recovered' });
    const result = await model.generate(ask);
    expect(result.text).toBe('recovered');
    expect(llm.requests.length - before).toBe(2);
  });

  it('gives up on a persistent 5xx with a clear error', async () => {
    llm.enqueue({ status: 503 }, { status: 503 }, { status: 503 });
    const failure = await model.generate(ask).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LlmError);
    expect(failure).toMatchObject({ code: 'LLM_UNAVAILABLE', message: expect.stringContaining('HTTP 503') });
  });

  it('waits out retry-after on a 429', async () => {
    llm.enqueue({ status: 429, retryAfterS: 1 }, { content: 'after the wait' });
    const started = Date.now();
    const result = await model.generate(ask);
    expect(result.text).toBe('after the wait');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('stops a stalled stream with LLM_STALLED instead of hanging', async () => {
    llm.enqueue({ stall: true, afterTokens: ['partial', ' answer'] });
    const texts: string[] = [];
    const failure = await (async () => {
      for await (const part of model.stream(ask)) if (part.type === 'text') texts.push(part.text);
    })().catch((error: unknown) => error);
    expect(texts.join('')).toBe('partial answer');
    expect(failure).toMatchObject({ code: 'LLM_STALLED' });
  });

  it('reports a malformed stream as LLM_BAD_RESPONSE', async () => {
    llm.enqueue({ malformed: true });
    await expect(model.generate(ask)).rejects.toMatchObject({ code: 'LLM_BAD_RESPONSE' });
  });

  it('stops at once when the caller aborts', async () => {
    llm.enqueue({ content: 'a b c d e f g h i j k l m n o p', tokenDelayMs: 30 });
    const controller = new AbortController();
    const texts: string[] = [];
    const failure = await (async () => {
      for await (const part of model.stream(ask, controller.signal)) {
        if (part.type === 'text') texts.push(part.text);
        if (texts.length === 2) controller.abort(new Error('user cancelled'));
      }
    })().catch((error: unknown) => error);
    expect(failure).toMatchObject({ message: 'user cancelled' });
    expect(texts).toHaveLength(2);
  });

  it('health: ok when reachable, down when not, offline when not configured', async () => {
    await expect(llmHealthProbe(model)()).resolves.toMatchObject({ status: 'ok' });
    const unreachable = new OpenAILanguageModel({ baseURL: 'http://127.0.0.1:9/v1', retry: { maxRetries: 0 } });
    await expect(llmHealthProbe(unreachable)()).resolves.toMatchObject({ status: 'down' });
    await expect(llmHealthProbe(undefined)()).resolves.toMatchObject({ status: 'offline' });
  });
});
