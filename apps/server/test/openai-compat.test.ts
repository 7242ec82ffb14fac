import { startFakeLlm, type FakeLlmServer } from '@studio/testing';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStudio, type TestStudio } from './helpers';

const TOKEN = 'compat-token';

describe('OpenAI-compatible endpoint with a language model', () => {
  let llm: FakeLlmServer;
  let app: TestStudio;
  let client: OpenAI;

  beforeAll(async () => {
    llm = await startFakeLlm();
    app = await startTestStudio({
      token: TOKEN,
      studio: { llm: { baseURL: llm.url, apiKey: 'k', model: 'fake-model' } },
    });
    client = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: TOKEN, maxRetries: 0 });
  });
  afterAll(async () => {
    await app.close();
    await llm.stop();
  });

  it('lists the studio as a model', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(['local-agent-studio']);
  });

  it('answers a plain completion through the orchestrator', async () => {
    llm.enqueue({ content: 'The studio says hello.' });
    const completion = await client.chat.completions.create({
      model: 'local-agent-studio',
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    expect(completion.choices[0]?.message.content).toBe('The studio says hello.');
    // The orchestrator, not the client, built the model's prompt.
    expect(JSON.stringify(llm.requests.at(-1)?.messages)).toContain('Say hello');
  });

  it('passes the system prompt and earlier turns to the orchestrator (they were dropped)', async () => {
    llm.enqueue({ content: 'Your code word is heron.' });
    const completion = await client.chat.completions.create({
      model: 'local-agent-studio',
      messages: [
        { role: 'system', content: 'Answer like a pirate.' },
        { role: 'user', content: 'My code word is heron.' },
        { role: 'assistant', content: 'Noted, matey.' },
        { role: 'user', content: 'What is my code word?' },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe('Your code word is heron.');
    const sent = llm.requests.at(-1)?.messages ?? [];
    expect(sent[0]?.role).toBe('system');
    expect(String(sent[0]?.content)).toContain('Answer like a pirate.');
    expect(sent.slice(1).map((message) => [message.role, message.content])).toEqual([
      ['user', 'My code word is heron.'],
      ['assistant', 'Noted, matey.'],
      ['user', 'What is my code word?'],
    ]);
  });

  it('streams a completion whose chunks concatenate to the answer', async () => {
    llm.enqueue({ content: 'one two three four' });
    const stream = await client.chat.completions.create({
      model: 'local-agent-studio',
      messages: [{ role: 'user', content: 'Count to four' }],
      stream: true,
    });
    let text = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe('one two three four');
    expect(finish).toBe('stop');
  });

  it('answers a malformed or oversized body with OpenAI-shaped JSON (it was a text/html stack trace)', async () => {
    const headers = { Authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const bodies = [
      '{"model": "local-agent-studio", "messages": [',
      JSON.stringify({ model: 'x', pad: 'a'.repeat(3_000_000) }),
    ];
    const statuses: number[] = [];
    for (const body of bodies) {
      const response = await fetch(`${app.url}/v1/chat/completions`, { method: 'POST', headers, body });
      statuses.push(response.status);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      const text = await response.text();
      expect(text).not.toMatch(/ at |\/work\/|node_modules|<html/i);
      expect(JSON.parse(text)).toMatchObject({ error: { type: 'invalid_request_error', message: expect.any(String) } });
    }
    expect(statuses).toEqual([400, 413]);
  });

  it("reports the tokens the answer spent, counted by chat's meter", async () => {
    llm.enqueue({ content: 'Counted.' });
    const completion = await client.chat.completions.create({
      model: 'local-agent-studio',
      messages: [{ role: 'user', content: 'Count my tokens' }],
    });
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
    expect(completion.usage?.total_tokens).toBe(
      (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0),
    );
    const executionId = (completion as unknown as { studio: { executionId: string } }).studio.executionId;
    expect(completion.usage?.total_tokens).toBe((await app.studio.executions.get(executionId)).tokensUsed);
  });

  it('refuses a request without a user message and a client without the token', async () => {
    await expect(
      client.chat.completions.create({ model: 'local-agent-studio', messages: [{ role: 'system', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 400 });
    const anonymous = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: 'wrong', maxRetries: 0 });
    await expect(anonymous.models.list()).rejects.toMatchObject({ status: 401 });
  });
});

describe('OpenAI-compatible endpoint offline', () => {
  let app: TestStudio;
  beforeAll(async () => {
    app = await startTestStudio();
  });
  afterAll(() => app.close());

  it('answers honestly that no language model is configured', async () => {
    const client = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'local-agent-studio',
      messages: [{ role: 'user', content: 'What do my files say about invoices?' }],
    });
    expect(completion.choices[0]?.message.content?.toLowerCase()).toContain('no language model');
  });
});
