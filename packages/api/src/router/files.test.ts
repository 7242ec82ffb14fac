import { createConsoleLogger, createStudio, type Studio } from '@studio/core';
import type { FileProgressEvent } from '@studio/shared';
import { buildPdf } from '@studio/testing';
import { TRPCError } from '@trpc/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../root';

function form(name: string, bytes: Uint8Array, sessionId?: string): FormData {
  const data = new FormData();
  data.append('file', new Blob([bytes]), name);
  if (sessionId) data.append('sessionId', sessionId);
  return data;
}

async function caught(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

describe('files procedures over the real core graph', () => {
  let dataDir: string;
  let studio: Studio;
  let caller: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'studio-api-files-'));
    studio = await createStudio({ dataDir, logger: createConsoleLogger('silent'), watchConfig: false });
    caller = createCaller({ studio, authorized: true });
  });

  afterAll(async () => {
    await studio.close(100);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('uploads FormData, streams progress to done, and searches with page citations', async () => {
    const events: FileProgressEvent[] = [];
    const subscription = await caller.events.files({});
    const reading = (async () => {
      for await (const event of subscription) {
        // Through createCaller a tracked event arrives as its raw envelope, [id, data].
        const data = (Array.isArray(event) ? event[1] : event.data) as FileProgressEvent;
        events.push(data);
        if (data.stage === 'done') break;
      }
    })();
    const pdf = buildPdf([{ lines: ['Cover page.'] }, { lines: ['Part number AP-5512-X is discontinued.'] }]);
    const record = await caller.files.upload(form('catalogue.pdf', pdf, 'session-1'));
    expect(record).toMatchObject({
      name: 'catalogue.pdf',
      mimeType: 'application/pdf',
      status: 'pending',
      size: pdf.length,
    });
    await reading;
    expect(events.map((event) => event.stage)).toEqual(
      expect.arrayContaining(['queued', 'extracting', 'embedding', 'indexing', 'done']),
    );
    expect(await caller.files.status({ fileId: record.fileId })).toMatchObject({
      status: 'completed',
      stage: 'done',
      progress: 100,
      pageCount: 2,
    });

    const { hits } = await caller.files.search({ query: 'AP-5512-X', k: 2 });
    expect(hits[0]).toMatchObject({ fileId: record.fileId, fileName: 'catalogue.pdf', page: 2 });
    expect(hits[0]?.text).toContain('AP-5512-X');

    const list = await caller.files.list({ status: 'completed' });
    expect(list.items.map((item) => item.fileId)).toContain(record.fileId);

    expect(await caller.files.delete({ fileId: record.fileId })).toEqual({ fileId: record.fileId, deleted: true });
    expect((await caller.files.search({ query: 'AP-5512-X' })).hits).toEqual([]);
  });

  it('pages the list with a cursor', async () => {
    for (const name of ['one.txt', 'two.txt', 'three.txt'])
      await caller.files.upload(form(name, Buffer.from(`text of ${name}`)));
    const first = await caller.files.list({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await caller.files.list({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((item) => item.fileId)).not.toContain(first.items[0]?.fileId);
    await studio.files.whenIdle();
  });

  it('maps bad uploads and unknown ids to their tRPC codes', async () => {
    expect((await caught(caller.files.upload(form('fake.xlsx', Buffer.from('plain words'))))).code).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect((await caught(caller.files.upload(form('empty.txt', new Uint8Array())))).code).toBe('BAD_REQUEST');
    expect((await caught(caller.files.upload(new FormData()))).code).toBe('BAD_REQUEST');
    expect((await caught(caller.files.status({ fileId: 'missing' }))).code).toBe('NOT_FOUND');
    expect((await caught(caller.files.delete({ fileId: 'missing' }))).code).toBe('NOT_FOUND');
    expect((await caught(caller.files.search({ query: '   ' }))).code).toBe('BAD_REQUEST');

    await caller.config.update({ section: 'context', values: { max_file_size_mb: 0.001 } });
    try {
      const error = await caught(caller.files.upload(form('big.txt', Buffer.alloc(5000, 0x61))));
      expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    } finally {
      await caller.config.update({ section: 'context', values: { max_file_size_mb: 100 } });
    }
  });
});
