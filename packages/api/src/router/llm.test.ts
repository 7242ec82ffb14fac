import { createConsoleLogger, createStudio, type Studio } from '@studio/core';
import { SECRET_MASK } from '@studio/shared';
import { startFakeLlm, type FakeLlmServer } from '@studio/testing';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../root';

const KEY = 'sk-test-secret-0123456789';

/** A provider that lists its models only for the right bearer key (the fake model server takes any). */
async function startKeyedProvider(): Promise<{ url: string; server: Server; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers.authorization ?? '');
    const ok = req.url === '/v1/models' && req.headers.authorization === `Bearer ${KEY}`;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { data: [{ id: 'beta' }, { id: 'alpha' }, { id: 'alpha' }] } : { error: {} }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server, seen };
}

describe('model settings: the llm section, llm.settings and llm.listModels', () => {
  let first: FakeLlmServer;
  let second: FakeLlmServer;
  let keyed: Awaited<ReturnType<typeof startKeyedProvider>>;
  let dataDir: string;
  let studio: Studio;
  let caller: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    first = await startFakeLlm({ respond: () => ({ content: 'Answer from the first model.' }) });
    second = await startFakeLlm({ respond: () => ({ content: 'Answer from the second model.' }) });
    keyed = await startKeyedProvider();
    dataDir = mkdtempSync(join(tmpdir(), 'studio-api-llm-'));
    studio = await createStudio({
      dataDir,
      logger: createConsoleLogger('silent'),
      watchConfig: false,
      llm: { baseURL: first.url, model: 'env-model', retry: { maxRetries: 0 } },
    });
    caller = createCaller({ studio, authorized: true });
  });

  afterAll(async () => {
    await studio.close(200);
    await first.stop();
    await second.stop();
    keyed.server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts from the environment, and says where each value comes from', async () => {
    const settings = await caller.llm.settings();
    expect(settings).toMatchObject({
      mode: 'llm',
      baseUrl: first.url,
      model: 'env-model',
      apiKey: 'not set',
      sources: { baseUrl: 'environment', model: 'environment', apiKey: 'none' },
    });
    expect((await caller.chat.send({ message: 'Who answers?' })).reply).toBe('Answer from the first model.');
  });

  it('switches the model for the next message without a restart, and never hands out the key', async () => {
    const before = (await caller.llm.settings()).version;
    const updated = await caller.config.update({
      section: 'llm',
      values: { base_url: second.url, model: 'picked-model', api_key: KEY },
      expectedVersion: before,
    });
    expect(updated.version).toBe(before + 1);
    expect(updated.values).toEqual({ base_url: second.url, model: 'picked-model', api_key: SECRET_MASK });

    const sent = await caller.chat.send({ message: 'Who answers now?' });
    expect(sent.reply).toBe('Answer from the second model.');
    expect(second.requests.at(-1)?.model).toBe('picked-model');

    const settings = await caller.llm.settings();
    expect(settings).toMatchObject({ baseUrl: second.url, model: 'picked-model', apiKey: 'set' });
    expect(settings.sources).toEqual({ baseUrl: 'config', model: 'config', apiKey: 'config' });
    const everything = JSON.stringify([
      updated,
      settings,
      await caller.config.get(),
      await caller.config.section({ section: 'llm' }),
      await caller.health(),
    ]);
    expect(everything).not.toContain(KEY);
    // The key is kept on the server's disk only.
    expect(readFileSync(join(dataDir, 'config', 'llm.yaml'), 'utf8')).toContain(KEY);
  });

  it('keeps the stored key when the form sends the mask back, and falls back to the environment when cleared', async () => {
    await caller.config.update({ section: 'llm', values: { model: 'other', api_key: SECRET_MASK } });
    expect((await caller.llm.settings()).apiKey).toBe('set');
    await caller.config.update({ section: 'llm', values: { base_url: '', model: '', api_key: '' } });
    expect(await caller.llm.settings()).toMatchObject({ baseUrl: first.url, model: 'env-model', apiKey: 'not set' });
    expect((await caller.chat.send({ message: 'And now?' })).reply).toBe('Answer from the first model.');
  });

  it('refuses a base URL that is not http(s)', async () => {
    await expect(
      caller.config.update({ section: 'llm', values: { base_url: 'ftp://example.org' } }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('tests a connection: lists the provider models with the key given, or the stored one', async () => {
    expect(await caller.llm.listModels({})).toEqual({ baseUrl: first.url, models: ['fake-model'] });
    expect(await caller.llm.listModels({ baseUrl: keyed.url, apiKey: KEY })).toEqual({
      baseUrl: keyed.url,
      models: ['alpha', 'beta'],
    });
    await expect(caller.llm.listModels({ baseUrl: keyed.url, apiKey: 'wrong' })).rejects.toMatchObject({
      cause: { code: 'LLM_REJECTED' },
    });
    await caller.config.update({ section: 'llm', values: { api_key: KEY } });
    expect((await caller.llm.listModels({ baseUrl: keyed.url, apiKey: SECRET_MASK })).models).toEqual([
      'alpha',
      'beta',
    ]);
    expect(keyed.seen.at(-1)).toBe(`Bearer ${KEY}`);
    keyed.server.close();
    await expect(caller.llm.listModels({ baseUrl: keyed.url })).rejects.toMatchObject({
      cause: { code: 'LLM_UNAVAILABLE' },
    });
  });
});
