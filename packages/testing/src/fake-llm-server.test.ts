import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlmServer } from './fake-llm-server';

describe('fake LLM server through the real openai client', () => {
  let llm: FakeLlmServer;
  let client: OpenAI;
  beforeAll(async () => {
    llm = await startFakeLlm();
    client = new OpenAI({ baseURL: llm.url, apiKey: 'test', maxRetries: 0 });
  });
  afterAll(() => llm.stop());

  it('streams tokens whose concatenation is the reply', async () => {
    llm.enqueue({ content: 'one two three' });
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('one two three');
  });

  it('returns tool calls and scripted failures', async () => {
    llm.enqueue({ toolCalls: [{ name: 'calculator', arguments: { expression: '1+1' } }] }, { status: 500 });
    const first = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect(first.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: 'calculator' } });
    await expect(
      client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 500 });
  });

  it('embeds deterministically', async () => {
    const a = await client.embeddings.create({ model: 'e', input: ['alpha beta'] });
    const b = await client.embeddings.create({ model: 'e', input: ['alpha beta'] });
    expect(a.data[0]?.embedding).toEqual(b.data[0]?.embedding);
    expect(a.data[0]?.embedding).toHaveLength(64);
  });
});
