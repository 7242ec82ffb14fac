import { startFakeLlm, type FakeLlmServer } from '@studio/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryKit, type MemoryKit } from './test-support/memory-kit';

let kit: MemoryKit | undefined;
let llm: FakeLlmServer | undefined;

afterEach(async () => {
  await kit?.close();
  await llm?.stop();
  kit = undefined;
  llm = undefined;
});

const turn = (userMessage: string, sessionId = 's1', userId = 'default') => ({
  userId,
  sessionId,
  userMessage,
  assistantReply: 'Noted.',
});

describe('capture without a language model', () => {
  it('keeps "My name is Ada Lovelace" as a profile memory and summarises the session', async () => {
    kit = await createMemoryKit();
    kit.manager.captureTurn(turn('Hi! My name is Ada Lovelace.'));
    await kit.manager.idle();

    const profile = await kit.manager.list({ type: 'profile' });
    expect(profile.items.map((item) => item.content)).toEqual(["The user's name is Ada Lovelace."]);
    expect(profile.items[0]?.metadata).toMatchObject({ source: 'capture', sessionId: 's1' });
    const conversation = await kit.manager.list({ type: 'conversation' });
    expect(conversation.items).toHaveLength(1);
    expect(conversation.items[0]?.content).toContain('Hi!');
  });

  it('catches preferences and "remember that", skips questions, and summarises one session once', async () => {
    kit = await createMemoryKit();
    await kit.manager.capture(turn('I prefer short answers with examples. Remember that my sister is called Eve.'));
    await kit.manager.capture(turn('What is my name? Do you remember that day?'));
    await kit.manager.capture(turn('I live in Lisbon and I work as a data engineer.'));

    const contents = (await kit.manager.list({ userId: 'default' })).items.map(
      (item) => `${item.type}: ${item.content}`,
    );
    expect(contents).toEqual(
      expect.arrayContaining([
        'profile: The user prefers short answers with examples.',
        "fact: The user's sister is called Eve.",
        'profile: The user lives in Lisbon.',
        'profile: The user works as a data engineer.',
      ]),
    );
    const conversations = await kit.manager.list({ type: 'conversation' });
    expect(conversations.total).toBe(1);
    expect(conversations.items[0]?.content).toContain('3 turns');
    expect(conversations.items[0]?.content).toContain('What is my name?');
  });

  it('merges a changed name into the same memory and skips a repeated statement', async () => {
    kit = await createMemoryKit();
    await kit.manager.capture(turn('My name is Ada.'));
    await kit.manager.capture(turn('Remember that the server password rotates monthly.', 's2'));
    await kit.manager.capture(turn('Remember that the server password rotates monthly!', 's3'));
    await kit.manager.capture(turn('Actually, my name is Grace Hopper.', 's4'));

    const profile = await kit.manager.list({ type: 'profile' });
    expect(profile.items.map((item) => item.content)).toEqual(["The user's name is Grace Hopper."]);
    const history = await kit.manager.history(profile.items[0]?.id ?? '');
    expect(history.map((change) => change.newContent)).toEqual([
      "The user's name is Ada.",
      "The user's name is Grace Hopper.",
    ]);
    expect((await kit.manager.list({ type: 'fact' })).total).toBe(1);
  });

  it('serialises concurrent captures for one user so none is lost', async () => {
    kit = await createMemoryKit();
    const secrets = Array.from(
      { length: 12 },
      (_, i) => `locker ${i} holds item ${String.fromCharCode(65 + i)}${i * 7}`,
    );
    for (const secret of secrets) kit.manager.captureTurn(turn(`Remember that ${secret}.`));
    await kit.manager.idle();

    const facts = await kit.manager.list({ type: 'fact', limit: 100 });
    expect(facts.items.map((item) => item.content).sort()).toEqual(
      secrets.map((secret) => `${secret.charAt(0).toUpperCase()}${secret.slice(1)}.`).sort(),
    );
    const conversations = await kit.manager.list({ type: 'conversation' });
    expect(conversations.total).toBe(1);
    expect(conversations.items[0]?.metadata).toMatchObject({ turns: 12 });
  });

  it('keeps one running summary per session, updated in place, with no session id in its text', async () => {
    kit = await createMemoryKit();
    const session = '3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b';
    const questions = ['What does the GPL say about patents?', 'Summarize the GPL.', 'What is my name?'];
    for (const question of questions) await kit.manager.capture(turn(question, session));

    const conversations = await kit.manager.list({ type: 'conversation' });
    expect(conversations.total).toBe(1);
    const [summary] = conversations.items;
    expect(summary?.content).toBe(
      'A chat of 3 turns about: What does the GPL say about patents?; Summarize the GPL; What is my name?',
    );
    expect(summary?.metadata).toMatchObject({ sessionId: session, turns: 3 });
    const history = await kit.manager.history(summary?.id ?? '');
    expect(history).toHaveLength(3);
    const everything = await kit.manager.list({ limit: 100 });
    expect(everything.items.some((item) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(item.content))).toBe(false);
  });

  it('returns from captureTurn at once, before any memory is written', async () => {
    kit = await createMemoryKit();
    kit.manager.captureTurn(turn('My name is Ada Lovelace.'));
    expect((await kit.manager.list()).total).toBe(0);
    await kit.manager.idle();
    expect((await kit.manager.list()).total).toBe(2);
  });
});

describe('capture with a language model', () => {
  it("stores what Mem0's inference extracts, typed by classification", async () => {
    llm = await startFakeLlm({
      extract: () => ({
        json: {
          memory: [
            { id: '0', text: "User's name is Grace Hopper", attributed_to: 'user' },
            { id: '1', text: 'Is planning a trip to Lisbon in May', attributed_to: 'user' },
          ],
        },
      }),
    });
    kit = await createMemoryKit({ llm: { baseURL: llm.url, model: 'fake-model' } });
    const outcome = await kit.manager.capture(turn("I'm Grace Hopper, and I'm going to Lisbon in May."));
    expect(outcome.mode).toBe('inferred');

    // What Mem0 sent: one JSON-mode extraction call carrying the new messages.
    expect(llm.extractionRequests).toHaveLength(1);
    expect(llm.requests).toHaveLength(0);
    const request = llm.extractionRequests[0];
    expect(request?.response_format).toEqual({ type: 'json_object' });
    expect(request?.model).toBe('fake-model');
    const prompt = String(request?.messages[1]?.content);
    expect(prompt).toContain("user: I'm Grace Hopper, and I'm going to Lisbon in May.");
    expect(prompt).toContain('assistant: Noted.');

    const entries = (await kit.manager.list()).items;
    expect(entries.map((item) => `${item.type}: ${item.content}`).sort()).toEqual([
      expect.stringMatching(/^conversation: /),
      'fact: Is planning a trip to Lisbon in May',
      "profile: User's name is Grace Hopper",
    ]);
    expect(entries.find((item) => item.type === 'fact')?.metadata).toMatchObject({
      source: 'inferred',
      sessionId: 's1',
    });

    // A repeated extraction is skipped, not piled up.
    await kit.manager.capture(turn('Just to repeat: Grace Hopper, Lisbon in May.', 's2'));
    expect((await kit.manager.list({ type: 'fact' })).total).toBe(1);
    expect((await kit.manager.list({ type: 'profile' })).total).toBe(1);
  });

  it('keeps only memories a user would write down: no notes of what was asked, no ids', async () => {
    llm = await startFakeLlm({
      extract: () => ({
        json: {
          memory: [
            { id: '0', text: 'User asked for a summary of the GPL', attributed_to: 'user' },
            { id: '1', text: 'Wants to know what chmod does', attributed_to: 'user' },
            { id: '2', text: 'Session 3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b discussed licenses', attributed_to: 'user' },
            { id: '3', text: 'Prefers answers in British English', attributed_to: 'user' },
          ],
        },
      }),
    });
    kit = await createMemoryKit({ llm: { baseURL: llm.url, model: 'fake-model' } });
    const outcome = await kit.manager.capture(turn('Summarize the GPL; I prefer British English.'));
    expect(outcome.skipped).toBe(3);
    const kept = (await kit.manager.list()).items.filter((item) => item.type !== 'conversation');
    expect(kept.map((item) => `${item.type}: ${item.content}`)).toEqual([
      'profile: Prefers answers in British English',
    ]);
  });

  it('falls back to the rules when the model fails', async () => {
    llm = await startFakeLlm({ extract: () => ({ status: 400, message: 'bad request' }) });
    kit = await createMemoryKit({ llm: { baseURL: llm.url } });
    const outcome = await kit.manager.capture(turn('My name is Ada Lovelace.'));
    expect(outcome.mode).toBe('rules');
    expect((await kit.manager.list({ type: 'profile' })).items.map((item) => item.content)).toEqual([
      "The user's name is Ada Lovelace.",
    ]);
  });

  it('does not hold shutdown hostage to a model that never answers', async () => {
    llm = await startFakeLlm({ extract: () => ({ stall: true }) });
    kit = await createMemoryKit({ llm: { baseURL: llm.url } });
    kit.manager.captureTurn(turn('My name is Ada Lovelace.'));
    await vi.waitFor(() => expect(llm?.extractionRequests).toHaveLength(1));
    const started = Date.now();
    await kit.manager.close(100);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
