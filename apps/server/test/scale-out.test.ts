import type { ChatEvent, FileProgressEvent } from '@studio/shared';
import { buildPdf } from '@studio/testing';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collect, createTestClient, uploadFile } from './helpers';
import { startSharedEngines, stopChild, storedOn, type SharedEngines } from './shared-engines';
import { spawnServer } from './spawn-server';

/**
 * Two real server processes on one Redis, one PostgreSQL and one Chroma act as one studio, each
 * with a DATA_DIR of its own as on two hosts: A only serves requests (INGESTION_CONCURRENCY=0), so
 * every file A accepts is ingested by B, which never saw A's disk.
 */
type Tracked<T> = { id: string; data: T };

const children: ChildProcess[] = [];
let engines: SharedEngines;
/** Each process's own disk ("host"). */
let dataDirA: string;
let dataDirB: string;
let a: { url: string };
let b: { url: string };

beforeAll(async () => {
  engines = await startSharedEngines();
  dataDirA = engines.dataDir('host-a');
  dataDirB = engines.dataDir('host-b');
  // One at a time: the first applies the schema (the second would wait on its lock anyway).
  const first = await spawnServer({ ...engines.env, DATA_DIR: dataDirA, INGESTION_CONCURRENCY: '0' });
  children.push(first.child);
  const second = await spawnServer({ ...engines.env, DATA_DIR: dataDirB });
  children.push(second.child);
  a = first;
  b = second;
}, 120_000);

afterAll(async () => {
  await Promise.all(children.map(stopChild));
  await engines?.close();
});

describe('two server processes behind one address', () => {
  it("A's subscriber sees the progress of a file B ingests, and A's search finds it", async () => {
    const onA = createTestClient(a.url, { transport: 'sse' });
    try {
      let fileId: string | undefined;
      let started!: () => void;
      const subscribed = new Promise<void>((resolve) => (started = resolve));
      const events = collect<Tracked<FileProgressEvent>>(
        (handlers) => onA.trpc.events.files.subscribe({}, { ...handlers, onStarted: started }),
        (seen) => seen.some((event) => event.data.fileId === fileId && event.data.status === 'completed'),
      );
      // Uploaded only once A listens, so every stage B goes through must reach A's subscriber.
      await subscribed;
      const pages = Array.from({ length: 6 }, (_, page) => ({
        lines: [
          `Shipment ledger page ${page + 1}.`,
          `Container code QX-${page}-7781 cleared customs on day ${page + 3}.`,
        ],
      }));
      const pdf = buildPdf(pages);
      const record = await uploadFile(a.url, 'ledger.pdf', pdf);
      fileId = record.fileId;
      const seen = (await events).filter((event) => event.data.fileId === fileId);
      const stages = seen.map((event) => event.data.stage);
      expect(stages).toEqual(expect.arrayContaining(['extracting', 'embedding', 'indexing', 'done']));
      expect(seen.map((event) => event.data.progress)).toEqual(
        [...seen.map((event) => event.data.progress)].sort((x, y) => x - y),
      );

      const onB = createTestClient(b.url, { transport: 'sse' });
      try {
        expect(await onB.trpc.files.status.query({ fileId })).toMatchObject({ status: 'completed' });
      } finally {
        onB.close();
      }
      const health = await onA.trpc.health.query();
      expect(health.components.store).toMatchObject({ status: 'ok', detail: 'postgresql' });
      expect(health.components.eventBus).toMatchObject({ status: 'ok', detail: 'redis streams' });
      const { hits } = await onA.trpc.files.search.query({ query: 'QX-4-7781' });
      expect(hits[0]).toMatchObject({ fileId, fileName: 'ledger.pdf', page: 5 });
      // A (which received it) keeps no copy; B ingested from the original in PostgreSQL and serves its exact bytes.
      expect(storedOn(dataDirA)).toEqual([]);
      const content = await fetch(`${b.url}/api/files/${fileId}/content`);
      expect(content.status).toBe(200);
      expect(Buffer.from(await content.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
    } finally {
      onA.close();
    }
  }, 120_000);

  it('a file uploaded to B is served by A, which never had it on disk, and a delete on A removes it everywhere', async () => {
    const text = Array.from({ length: 400 }, (_, line) => `Pallet manifest RZ-${5500 + line} for the north dock.`).join(
      '\n',
    );
    const record = await uploadFile(b.url, 'manifest.txt', text);
    const onA = createTestClient(a.url);
    try {
      await vi.waitFor(
        async () => expect((await onA.trpc.files.status.query({ fileId: record.fileId })).status).toBe('completed'),
        { timeout: 60_000, interval: 200 },
      );
      expect(storedOn(dataDirA)).toEqual([]);
      const whole = await fetch(`${a.url}/api/files/${record.fileId}/content`);
      expect(whole.headers.get('content-type')).toBe('text/plain');
      expect(await whole.text()).toBe(text);
      const part = await fetch(`${a.url}/api/files/${record.fileId}/content`, { headers: { Range: 'bytes=17-23' } });
      expect(part.status).toBe(206);
      expect(await part.text()).toBe(text.slice(17, 24));

      await onA.trpc.files.delete.mutate({ fileId: record.fileId });
      const gone = await fetch(`${b.url}/api/files/${record.fileId}/content`);
      expect(gone.status).toBe(404);
      expect(storedOn(dataDirB)).toEqual([]);
    } finally {
      onA.close();
    }
  }, 120_000);

  it('a chat started on A is resumed on B from its lastEventId, with no gap or duplicate', async () => {
    const answer = Array.from({ length: 80 }, (_, index) => `word${index}`).join(' ');
    engines.llm.enqueue({ content: answer, tokenDelayMs: 15 });
    const onA = createTestClient(a.url, { transport: 'ws' });
    const firstPart = await collect<Tracked<ChatEvent>>(
      (handlers) => onA.trpc.chat.stream.subscribe({ message: 'tell me a long story' }, handlers),
      (seen) => seen.filter((event) => event.data.type === 'token').length >= 3,
    );
    onA.close();

    const onB = createTestClient(b.url, { transport: 'sse' });
    try {
      const rest = await collect<Tracked<ChatEvent>>(
        (handlers) =>
          onB.trpc.chat.stream.subscribe(
            { message: 'tell me a long story', lastEventId: firstPart.at(-1)?.id },
            handlers,
          ),
        (seen) => seen.at(-1)?.data.type === 'end' || seen.at(-1)?.data.type === 'error',
      );
      const all = [...firstPart, ...rest];
      expect(new Set(all.map((event) => event.id)).size).toBe(all.length);
      expect(rest.some((event) => event.data.type === 'start')).toBe(false);
      expect(all.at(-1)?.data).toMatchObject({ type: 'end', reply: answer });
      expect(all.flatMap((event) => (event.data.type === 'token' ? [event.data.text] : [])).join('')).toBe(answer);
      const start = all[0]?.data;
      if (start?.type !== 'start') throw new Error('expected a start event');
      // Both processes read the same history from PostgreSQL.
      const history = await onB.trpc.chat.history.query({ sessionId: start.sessionId });
      expect(history.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    } finally {
      onB.close();
    }
  }, 60_000);
});
