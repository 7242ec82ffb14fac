import type { FileProgressEvent, FileRecord } from '@studio/shared';
import { buildBlankPng, buildDocx, buildPdf } from '@studio/testing';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collect, startTestStudio, type TestStudio } from './helpers';

const TOKEN = 'files-test-token';
let app: TestStudio;

beforeAll(async () => {
  app = await startTestStudio({ token: TOKEN });
});

afterAll(async () => {
  await app?.close();
});

async function post(name: string, bytes: Uint8Array, options: { token?: string | null; sessionId?: string } = {}) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  if (options.sessionId) form.append('sessionId', options.sessionId);
  const token = options.token === undefined ? TOKEN : options.token;
  const response = await fetch(`${app.url}/api/files`, {
    method: 'POST',
    body: form,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function leftovers(): string[] {
  return readdirSync(join(app.dataDir, 'files', 'incoming'));
}

describe('files over HTTP: POST /api/files and the tRPC client', () => {
  it('POST /api/files answers 201 with a FileRecord and the file becomes searchable', async () => {
    const { trpc } = app.client({ token: TOKEN, transport: 'sse' });
    const done = collect<{ id: string; data: FileProgressEvent }>(
      (handlers) => trpc.events.files.subscribe({}, handlers),
      (events) => events.some((event) => event.data.stage === 'done'),
    );
    const { status, body } = await post(
      'Quarterly Ünïcode report.pdf',
      buildPdf([{ lines: ['Intro.'] }, { lines: ['Budget line HTTP-2210-Z is frozen.'] }]),
      {
        sessionId: 'session-7',
      },
    );
    expect(status).toBe(201);
    const record = body as unknown as FileRecord;
    expect(record).toMatchObject({
      name: 'Quarterly Ünïcode report.pdf',
      mimeType: 'application/pdf',
      status: 'pending',
    });
    const events = await done;
    expect(events.map((event) => event.data.stage)).toContain('indexing');
    const { hits } = await trpc.files.search.query({ query: 'HTTP-2210-Z' });
    expect(hits[0]).toMatchObject({ fileId: record.fileId, page: 2 });
  });

  it('files.upload over tRPC (FormData via httpLink) takes the same path', async () => {
    const { trpc } = app.client({ token: TOKEN });
    const form = new FormData();
    form.append(
      'file',
      new Blob([buildDocx([{ heading: 'Terms', paragraphs: ['Clause TRPC-8080-C applies.'] }])]),
      'terms.docx',
    );
    const record = await trpc.files.upload.mutate(form);
    expect(record.name).toBe('terms.docx');
    await vi.waitFor(
      async () => expect((await trpc.files.status.query({ fileId: record.fileId })).status).toBe('completed'),
      {
        timeout: 30_000,
        interval: 100,
      },
    );
    const { hits } = await trpc.files.search.query({ query: 'TRPC-8080-C', fileIds: [record.fileId] });
    expect(hits[0]).toMatchObject({ section: 'Terms', fileName: 'terms.docx' });
    const list = await trpc.files.list.query({});
    expect(list.items.map((item) => item.fileId)).toContain(record.fileId);
  });

  it('413 over the size limit with no partial file left', async () => {
    const { trpc } = app.client({ token: TOKEN });
    await trpc.config.update.mutate({ section: 'context', values: { max_file_size_mb: 0.05 } });
    try {
      const { status, body } = await post('huge.txt', Buffer.alloc(300_000, 0x61));
      expect(status).toBe(413);
      expect(body).toEqual({ error: { code: 'FILE_TOO_LARGE', message: expect.stringMatching(/limit/) } });
      expect(leftovers()).toEqual([]);
    } finally {
      await trpc.config.update.mutate({ section: 'context', values: { max_file_size_mb: 100 } });
    }
  });

  it('415 for lying or unsupported types, 400 without a file, 401 without the token', async () => {
    const lying = await post('report.pdf', buildBlankPng());
    expect(lying.status).toBe(415);
    expect(lying.body).toMatchObject({ error: { code: 'FILE_TYPE_MISMATCH' } });
    expect((await post('sheet.xlsx', Buffer.from('not a spreadsheet'))).status).toBe(415);
    expect((await post('empty.txt', new Uint8Array())).status).toBe(400);
    const missing = await fetch(`${app.url}/api/files`, {
      method: 'POST',
      body: new FormData(),
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(missing.status).toBe(400);
    expect((await post('note.txt', Buffer.from('hello'), { token: null })).status).toBe(401);
    expect(leftovers()).toEqual([]);
  });

  it('NOT_FOUND for an unknown file id, and the server stays healthy', async () => {
    const { trpc } = app.client({ token: TOKEN });
    await expect(trpc.files.status.query({ fileId: 'nope' })).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
    await expect(trpc.files.delete.mutate({ fileId: 'nope' })).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
    const health = await (
      await fetch(`${app.url}/api/health`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    ).json();
    expect(health).toMatchObject({ components: { store: { status: 'ok' }, vectorStore: { status: 'ok' } } });
  });
});
