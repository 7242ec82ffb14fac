import { appRouter } from '@studio/api';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { startTestStudio, uploadFile, type TestStudio } from './helpers';

type Procedure = { _def: { type: 'query' | 'mutation' | 'subscription'; inputs: z.ZodType[] } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Procedure>);

/** Everything a user can see, to prove that refused input changed none of it. */
async function snapshot(app: TestStudio) {
  const { trpc } = app.client();
  return JSON.stringify([
    await trpc.config.get.query(),
    (await trpc.files.list.query({ limit: 200 })).items.map((file) => [file.fileId, file.status]),
    (await trpc.memory.list.query({ limit: 200 })).total,
    (await trpc.chat.sessions.query({})).items.length,
  ]);
}

async function call(app: TestStudio, path: string, type: Procedure['_def']['type'], input: unknown): Promise<number> {
  const url = `${app.url}/trpc/${path}`;
  if (type === 'mutation') {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    await response.arrayBuffer();
    return response.status;
  }
  const abort = new AbortController();
  const response = await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { signal: abort.signal });
  // A subscription answers with an event stream; its status is what matters here.
  abort.abort();
  return response.status;
}

describe('fuzzing every procedure with inputs its schema refuses', () => {
  let app: TestStudio;
  beforeAll(async () => {
    app = await startTestStudio();
  });
  afterAll(() => app.close());

  it.each(procedures.filter(([, procedure]) => procedure._def.inputs.length > 0))(
    '%s answers 4xx, never 5xx, and changes nothing',
    async (path, procedure) => {
      const schema = procedure._def.inputs[0] as z.ZodType;
      const before = await snapshot(app);
      await fc.assert(
        fc.asyncProperty(
          fc.jsonValue({ maxDepth: 3 }).filter((value) => !schema.safeParse(value).success),
          async (input) => {
            const status = await call(app, path, procedure._def.type, input);
            // Subscriptions over SSE answer 200 and carry the error as an event; the rest answer 4xx.
            if (procedure._def.type !== 'subscription') expect(status).toBeGreaterThanOrEqual(400);
            expect(status).toBeLessThan(500);
          },
        ),
        { numRuns: 25 },
      );
      expect(await snapshot(app)).toBe(before);
    },
  );

  it('answers read-only queries with valid random input without a 5xx', async () => {
    const { trpc } = app.client();
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 60 }),
        async (text, id) => {
          if (text.trim()) {
            await expect(trpc.files.search.query({ query: text })).resolves.toHaveProperty('hits');
            await expect(trpc.memory.search.query({ query: text })).resolves.toHaveProperty('hits');
          }
          await expect(trpc.files.status.query({ fileId: id })).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
          await expect(trpc.chat.history.query({ sessionId: id })).rejects.toMatchObject({
            data: { code: 'NOT_FOUND' },
          });
          await expect(trpc.memory.get.query({ id })).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
        },
      ),
      { numRuns: 30 },
    );
    expect((await trpc.health.query()).status).toBe('ok');
  });
});

describe('fuzzing the upload route', () => {
  let app: TestStudio;
  let parent: string;
  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'studio-fuzz-parent-'));
    app = await startTestStudio({ dataDir: join(parent, 'data') });
  });
  afterAll(async () => {
    await app.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it('never answers 5xx and never writes outside DATA_DIR, whatever the bytes, names and types', async () => {
    const hostile = fc.constantFrom(
      '../../escape.txt',
      '..\\..\\escape.txt',
      'a\u0000b.pdf',
      '/etc/passwd',
      'CON',
      '.',
      '',
      'x'.repeat(5000),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 4096 }),
        fc.oneof(hostile, fc.string({ maxLength: 80 })),
        fc.constantFrom('application/pdf', 'image/png', 'text/plain', 'application/octet-stream', '../../x', ''),
        async (bytes, name, type) => {
          const response = await fetch(`${app.url}/api/files`, multipart(bytes, name, type));
          await response.arrayBuffer();
          expect([201, 400, 413, 415]).toContain(response.status);
        },
      ),
      { numRuns: 60 },
    );
    const huge = await fetch(`${app.url}/api/files`, {
      method: 'POST',
      headers: { 'x-padding': 'a'.repeat(64 * 1024) },
    }).catch(() => undefined);
    expect(huge === undefined || huge.status < 500).toBe(true);
    expect(readdirSync(parent)).toEqual(['data']);
    expect((await app.client().trpc.health.query()).components.store.status).toBe('ok');
  });
});

/** A hand-built multipart body, so names and types reach the server exactly as written. */
function multipart(bytes: Uint8Array, name: string, type: string): RequestInit {
  const boundary = `----fuzz${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name.replace(/["\r\n]/g, '_')}"\r\n` +
      (type ? `Content-Type: ${type}\r\n` : '') +
      '\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: Buffer.concat([head, Buffer.from(bytes), tail]),
  };
}

describe('client mistakes are 400, never 503', () => {
  let app: TestStudio;
  beforeAll(async () => {
    app = await startTestStudio();
  });
  afterAll(() => app.close());

  it('refuses userId "a b" on memory.add, memory.search, memory.list and chat.send (it answered 503 MEMORY_UNAVAILABLE)', async () => {
    const { trpc } = app.client();
    const badRequest = { data: { code: 'BAD_REQUEST', zodError: { fieldErrors: { userId: expect.any(Array) } } } };
    await expect(trpc.memory.add.mutate({ type: 'fact', content: 'x', userId: 'a b' })).rejects.toMatchObject(
      badRequest,
    );
    await expect(trpc.memory.search.query({ query: 'x', userId: 'a b' })).rejects.toMatchObject(badRequest);
    await expect(trpc.memory.list.query({ userId: 'a b' })).rejects.toMatchObject(badRequest);
    await expect(trpc.chat.send.mutate({ message: 'hello', userId: 'a b' })).rejects.toMatchObject(badRequest);
    expect((await trpc.memory.list.query({})).total).toBe(0);
  });

  it('refuses metadata nested 10,000 levels deep and 7 MB of metadata with 400', async () => {
    // Written out as text: JSON.stringify itself would overflow the stack on 10,000 levels.
    const deep = `${'{"next":'.repeat(10_000)}{"leaf":true}${'}'.repeat(10_000)}`;
    const huge = JSON.stringify({ blob: 'x'.repeat(7 * 1024 * 1024) });
    for (const metadata of [deep, huge]) {
      const response = await fetch(`${app.url}/trpc/memory.add`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"type":"fact","content":"x","metadata":${metadata}}`,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { data: { code: 'BAD_REQUEST' } } });
    }
    expect((await app.client().trpc.memory.list.query({})).total).toBe(0);
  });

  it('cuts an upload name of 300 emoji on whole characters and keeps its extension', async () => {
    const name = `${'😀'.repeat(300)}.txt`;
    const record = await uploadFile(app.url, name, 'emoji named');
    expect(record.name.endsWith('😀.txt')).toBe(true);
    expect(record.name.length).toBeLessThanOrEqual(255);
    expect(record.name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it("answers JSON in the route's own shape, never an HTML page, for unknown paths and unreadable bodies", async () => {
    const api = await fetch(`${app.url}/api/nothing`, { method: 'POST' });
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const v1 = await fetch(`${app.url}/v1/nothing`);
    expect(v1.status).toBe(404);
    expect(await v1.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });
});
