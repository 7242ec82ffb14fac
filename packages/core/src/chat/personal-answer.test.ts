import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Studio } from '../studio';
import { openOfflineStudio } from './test-support/offline-studio';
import { isAboutUser, secondPerson } from './personal-answer';

// The repro: offline, with bash's own documentation uploaded (full of "name"s), the studio
// answered "my name is Dana" with bash quotes and put the name last under unrelated quotes.
let studio: Studio;
let dispose: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ studio, dispose } = await openOfflineStudio('personal'));
  for (const name of ['POSIX', 'INTRO'])
    await studio.files.upload({
      name: `bash-${name}.txt`,
      source: { bytes: gunzipSync(readFileSync(`/usr/share/doc/bash/${name}.gz`)) },
    });
  await studio.files.whenIdle();
}, 60_000);

afterAll(async () => {
  await dispose?.();
});

async function say(message: string, sessionId?: string) {
  const result = await studio.chat.send({ message, ...(sessionId ? { sessionId } : {}) });
  await studio.memory.idle();
  return result;
}

describe('which messages are about the user', () => {
  it.each([
    ['what is my name?', true],
    ["What's my job?", true],
    ['Where do I live?', true],
    ['What do I prefer for answers?', true],
    ['Who am I?', true],
    ['my name is Dana', true],
    ['Remember that the backup runs at 02:00.', true],
    ['How do I install pip?', false],
    ['What do I need to set in postgresql.conf?', false],
    ['What is my file about?', false],
    ['What does chmod do?', false],
    ['Summarize the GPL', false],
  ])('%s → %s', (message, expected) => {
    expect(isAboutUser(message)).toBe(expected);
  });

  it('speaks to the user in the second person', () => {
    expect(secondPerson("The user's name is Dana.")).toBe('your name is Dana');
    expect(secondPerson('The user lives in Lisbon.')).toBe('you live in Lisbon');
    expect(secondPerson('The user is 41 years old.')).toBe('you are 41 years old');
    expect(secondPerson('The server password rotates monthly.')).toBe(
      'you asked me to remember that the server password rotates monthly',
    );
  });
});

describe('personal messages, offline, through the chat service with real Mem0 and SQLite', () => {
  it('acknowledges "my name is Dana" in one sentence, answers "what is my name?" from the profile, citing it', async () => {
    expect((await studio.files.search({ query: 'variable name' })).length).toBeGreaterThan(0);

    const told = await say('my name is Dana');
    expect(told.mode).toBe('offline');
    expect(told.reply).toBe("Noted — I'll remember that your name is Dana.");
    expect(told.citations).toEqual([]);

    const asked = await say('what is my name?', told.sessionId);
    expect(asked.reply).toMatch(/^Your name is Dana \(from memory: profile, saved \d{4}-\d{2}-\d{2}\)\.$/);
    expect(asked.citations).toEqual([]);
  });

  it('answers "what do I prefer …" from the profile and "remember that …" facts in one sentence', async () => {
    const told = await say('I prefer short answers with examples. Remember that the backup runs at 02:00.');
    expect(told.reply).toBe(
      "Noted — I'll remember that you prefer short answers with examples and you asked me to remember that the backup runs at 02:00.",
    );
    const asked = await say('What do I prefer for answers?');
    expect(asked.reply).toMatch(/^You prefer short answers with examples \(from memory: profile, saved [\d-]+\)\.$/);
    const fact = await say('When does the backup run, do you remember?');
    expect(fact.reply).toContain('the backup runs at 02:00');
  });

  it('does not append the profile to an unrelated answer', async () => {
    const answer = await say('Which shell options are turned on in POSIX mode?');
    expect(answer.reply).toContain('quoted, not summarised');
    expect(answer.reply).not.toContain('Dana');
    expect(answer.citations.length).toBeGreaterThan(0);
  });
});
