import type { ChatRequest } from '@studio/testing';
import { startFakeLlm, type FakeLlmServer } from '@studio/testing';
import type { ContextConfig, FileStatusOutput, MemoryConfig } from '@studio/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTextPng } from '../files/test-support/render-text-image';
import { createConsoleLogger } from '../logger';
import { createMemoryKit } from '../memory/test-support/memory-kit';
import { createStudio, type Studio } from '../studio';

// Settings whose behaviour tests live elsewhere: orchestrator, planner and agent_generator in
// agents/agent-settings.test.ts and chat/chat-service.test.ts (token_budget, timeout_seconds,
// fallback_behavior); context.max_file_size_mb in files/file-bad-inputs.test.ts; use_mmr and
// mmr_lambda in files/search/search.test.ts; the other memory settings in memory/memory-retention.test.ts
// and memory/memory-recall.test.ts; tools in tools/mcp-tools.test.ts; llm in packages/api llm.test.ts.

let llm: FakeLlmServer;
let studio: Studio;
let dataDir: string;
let uploads = 0;

beforeAll(async () => {
  llm = await startFakeLlm();
  dataDir = mkdtempSync(join(tmpdir(), 'studio-settings-'));
  studio = await createStudio({
    dataDir,
    logger: createConsoleLogger('silent'),
    watchConfig: false,
    semanticEmbedder: false,
    llm: { baseURL: llm.url, model: 'fake', retry: { baseDelayMs: 5, maxDelayMs: 20, maxRetries: 0 } },
  });
}, 60_000);

afterAll(async () => {
  await studio?.close(200);
  await llm?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function setContext(values: Partial<ContextConfig>): Promise<void> {
  await studio.config.update({ section: 'context', values });
}

async function setMemory(values: Partial<MemoryConfig>): Promise<void> {
  await studio.config.update({ section: 'memory', values });
}

/** Uploads a file and waits until its ingestion has finished, done or failed. */
async function ingest(name: string, bytes: Uint8Array): Promise<FileStatusOutput & { fileId: string }> {
  uploads += 1;
  const record = await studio.files.upload({ name: `${uploads}-${name}`, source: { bytes } });
  await studio.files.whenIdle();
  return studio.files.status(record.fileId);
}

/** Numbered sentences, so every chunk's text is unique. */
function sentences(count: number, topic: string): Buffer {
  const text = Array.from(
    { length: count },
    (_, index) => `Sentence ${index + 1} of the ${topic} notes says something of its own.`,
  ).join(' ');
  return Buffer.from(text);
}

describe('context settings', () => {
  it('chunk_size: a smaller size cuts the same text into more chunks', async () => {
    const text = sentences(40, 'harbour');
    await setContext({ chunk_size: 1000, chunk_overlap: 0 });
    const large = await ingest('harbour.txt', text);
    await setContext({ chunk_size: 200, chunk_overlap: 0 });
    const small = await ingest('harbour.txt', text);
    expect(large.status).toBe('completed');
    expect(small.chunkCount).toBeGreaterThan(large.chunkCount * 3);
  });

  it('chunk_overlap: the start of each chunk repeats the end of the one before only with an overlap', async () => {
    const text = sentences(30, 'orchard');
    const repeats = async (overlap: number) => {
      await setContext({ chunk_size: 300, chunk_overlap: overlap });
      const chunks = await studio.files.readDocument((await ingest('orchard.txt', text)).fileId);
      expect(chunks.length).toBeGreaterThan(3);
      return chunks.slice(1).map((chunk, index) => chunks[index]?.text.includes(chunk.text.slice(0, 40)) ?? false);
    };
    expect(new Set(await repeats(0))).toEqual(new Set([false]));
    expect(new Set(await repeats(120))).toEqual(new Set([true]));
  });

  it('supported_file_types: a type taken off the list is refused at upload, and accepted once back', async () => {
    const csv = Buffer.from('name,code\nalpha,CSV-5150-Z\n');
    await setContext({ supported_file_types: ['txt', 'md'] });
    await expect(studio.files.upload({ name: 'codes.csv', source: { bytes: csv } })).rejects.toMatchObject({
      code: 'FILE_TYPE_DISABLED',
    });
    await setContext({ supported_file_types: ['txt', 'md', 'csv'] });
    expect((await ingest('codes.csv', csv)).status).toBe('completed');
  });

  it('ocr_enabled and ocr_language: an image is read only with OCR on, in a language whose data is installed', async () => {
    const scan = await renderTextPng(['Scanned permit number 60417']);
    await setContext({ ocr_enabled: false, supported_file_types: ['png', 'txt'] });
    expect((await ingest('permit.png', scan)).error?.code).toBe('OCR_DISABLED');
    await setContext({ ocr_enabled: true, ocr_language: 'deu' });
    expect((await ingest('permit.png', scan)).error?.code).toBe('OCR_LANGUAGE_UNAVAILABLE');
    await setContext({ ocr_language: 'eng' });
    const read = await ingest('permit.png', scan);
    expect(read.status).toBe('completed');
    const [hit] = await studio.files.search({ query: '60417', fileIds: [read.fileId], k: 1 });
    expect(hit?.text).toMatch(/60417/);
  }, 60_000);

  it('retrieval_k: how many passages a search returns by default, and how many a chat answer is given', async () => {
    await setContext({ chunk_size: 200, chunk_overlap: 0, supported_file_types: ['txt'] });
    const lighthouse = Array.from(
      { length: 12 },
      (_, index) => `The lighthouse keeper logged storm number ${index + 1} in the lighthouse book.`,
    ).join(' ');
    await ingest('lighthouse.txt', Buffer.from(lighthouse));
    const sourcesGiven = async (k: number) => {
      await setContext({ retrieval_k: k });
      expect(await studio.files.search({ query: 'lighthouse storm' })).toHaveLength(k);
      await studio.chat.send({ message: 'What did the lighthouse keeper log about storms?' });
      const system = answerRequest('What did the lighthouse keeper log about storms?')?.messages[0]?.content;
      return String(system).match(/^\[\d+\] /gm)?.length ?? 0;
    };
    expect(await sourcesGiven(2)).toBe(2);
    expect(await sourcesGiven(5)).toBe(5);
  });
});

/** The latest request that answered `question` (its last message). */
function answerRequest(question: string): ChatRequest | undefined {
  return llm.requests.findLast((request) => request.messages.at(-1)?.content === question);
}

describe('memory settings', () => {
  it('context_window_size: how many earlier turns of the session the model is given', async () => {
    const first = await studio.chat.send({ message: 'Turn one about tulips.' });
    const { sessionId } = first;
    await studio.chat.send({ message: 'Turn two about roses.', sessionId });
    await studio.chat.send({ message: 'Turn three about lilies.', sessionId });
    const earlierTurns = async (turns: number, question: string) => {
      await setMemory({ context_window_size: turns });
      await studio.chat.send({ message: question, sessionId });
      const messages = answerRequest(question)?.messages ?? [];
      return messages.slice(0, -1).filter((message) => message.role === 'user').length;
    };
    expect(await earlierTurns(0, 'Which flower came first?')).toBe(0);
    expect(await earlierTurns(1, 'Which flower came second?')).toBe(1);
    expect(await earlierTurns(3, 'Which flower came third?')).toBe(3);
  });

  it('profile_ttl_days: a profile memory unused for longer than it is removed by retention', async () => {
    const kit = await createMemoryKit();
    try {
      kit.config.profile_ttl_days = 10;
      const profile = await kit.manager.add({ type: 'profile', content: 'Prefers metric units.' });
      kit.clock.advanceDays(9);
      expect(await kit.manager.applyRetention()).toBe(0);
      kit.clock.advanceDays(2);
      expect(await kit.manager.applyRetention()).toBe(1);
      await expect(kit.manager.get(profile.id)).rejects.toMatchObject({ code: 'MEMORY_NOT_FOUND' });
    } finally {
      await kit.close();
    }
  });
});
