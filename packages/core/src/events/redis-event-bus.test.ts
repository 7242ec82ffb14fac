import { afterAll, describe, expect, it } from 'vitest';
import type { BusEvent } from './event-bus';
import { RedisEventBus } from './redis-event-bus';
import { streamEvents } from './stream-events';
import type { FileProgressEvent } from '@studio/shared';
import { uniqueRedisPrefix } from '../store/test-support/postgres';

const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const buses: RedisEventBus[] = [];
afterAll(async () => {
  for (const bus of buses) await bus.close();
});

/** Two buses on one prefix stand for two server processes sharing a Redis. */
async function twoProcesses(): Promise<[RedisEventBus, RedisEventBus]> {
  const prefix = uniqueRedisPrefix();
  const a = await RedisEventBus.connect({ url, prefix });
  const b = await RedisEventBus.connect({ url, prefix });
  buses.push(a, b);
  return [a, b];
}

const progress = (fileId: string, value: number): FileProgressEvent => ({
  fileId,
  status: 'processing',
  stage: 'embedding',
  progress: value,
});

describe('RedisEventBus', () => {
  it("delivers one process's events to another's subscribers, in order, with stream ids", async () => {
    const [a, b] = await twoProcesses();
    const seen: BusEvent<FileProgressEvent>[] = [];
    let resolveAll!: () => void;
    const all = new Promise<void>((resolve) => (resolveAll = resolve));
    b.subscribe('file-progress', (event) => {
      seen.push(event);
      if (seen.length === 3) resolveAll();
    });
    const published = [];
    for (const value of [10, 20, 30]) published.push(await a.publish('file-progress', progress('f', value)));
    await all;
    expect(seen.map((event) => event.data.progress)).toEqual([10, 20, 30]);
    expect(seen.map((event) => event.id)).toEqual(published.map((event) => event.id));
    expect(published[0]?.id).toMatch(/^\d+-\d+$/);
  });

  it('resumes on process B from an id published by process A, with no gap or duplicate', async () => {
    const [a, b] = await twoProcesses();
    const first = await a.publish('file-progress', progress('g', 1));
    await a.publish('file-progress', progress('g', 2));
    await a.publish('file-progress', progress('g', 3));
    expect((await b.find('file-progress', first.id))?.data.progress).toBe(1);
    const abort = new AbortController();
    const values: number[] = [];
    const reading = (async () => {
      for await (const event of streamEvents(b, 'file-progress', { lastEventId: first.id, signal: abort.signal })) {
        values.push(event.data.progress);
        if (event.data.progress === 4) abort.abort();
      }
    })();
    await a.publish('file-progress', progress('g', 4));
    await reading;
    expect(values).toEqual([2, 3, 4]);
    // A garbage id replays everything retained.
    expect((await b.history('file-progress', 'garbage')).map((event) => event.data.progress)).toEqual([1, 2, 3, 4]);
  });

  it('closes cleanly while a read is blocked', async () => {
    const [a] = await twoProcesses();
    a.subscribe('chat-token', () => undefined);
    await a.close();
    await expect(a.publish('file-progress', progress('h', 1))).rejects.toThrow();
  });
});
