import { describe, expect, it } from 'vitest';
import { compareEventIds, EventIdGenerator } from './event-id';
import { InMemoryEventBus } from './in-memory-event-bus';
import { streamEvents } from './stream-events';

const progress = (fileId: string, value: number) => ({
  fileId,
  status: 'processing' as const,
  stage: 'embedding' as const,
  progress: value,
});

describe('event ids', () => {
  it('increase strictly even when the clock stands still or steps back', () => {
    const times = [1000, 1000, 999, 1001];
    const ids = new EventIdGenerator(() => times.shift() ?? 1001);
    const produced = [ids.next(), ids.next(), ids.next(), ids.next()];
    for (let i = 1; i < produced.length; i += 1) {
      expect(compareEventIds(produced[i] ?? '', produced[i - 1] ?? '')).toBe(1);
    }
  });
});

describe('streamEvents', () => {
  it('resumes after lastEventId with no gap and no duplicate, then goes live', async () => {
    const bus = new InMemoryEventBus();
    const published = await Promise.all(
      [1, 2, 3, 4].map((value) => bus.publish('file-progress', progress('a', value))),
    );
    const abort = new AbortController();
    const stream = streamEvents(bus, 'file-progress', { lastEventId: published[1]?.id, signal: abort.signal });
    const seen: number[] = [];
    const reading = (async () => {
      for await (const event of stream) {
        seen.push(event.data.progress);
        if (event.data.progress === 6) abort.abort();
      }
    })();
    // Published while the backlog is being read: delivered once, after the backlog.
    await Promise.all([bus.publish('file-progress', progress('a', 5)), bus.publish('file-progress', progress('a', 6))]);
    await reading;
    expect(seen).toEqual([3, 4, 5, 6]);
  });

  it('filters events and ends when the signal aborts', async () => {
    const bus = new InMemoryEventBus();
    const abort = new AbortController();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const event of streamEvents(bus, 'file-progress', {
        signal: abort.signal,
        filter: (data) => data.fileId === 'b',
      })) {
        seen.push(`${event.data.fileId}${event.data.progress}`);
        if (seen.length === 2) abort.abort();
      }
    })();
    await Promise.all([
      bus.publish('file-progress', progress('a', 1)),
      bus.publish('file-progress', progress('b', 2)),
      bus.publish('file-progress', progress('a', 3)),
      bus.publish('file-progress', progress('b', 4)),
    ]);
    await reading;
    expect(seen).toEqual(['b2', 'b4']);
  });

  it('keeps a bounded replay buffer per topic', async () => {
    const bus = new InMemoryEventBus({ replayBuffer: 3 });
    for (let value = 1; value <= 5; value += 1) await bus.publish('file-progress', progress('a', value));
    const history = await bus.history('file-progress', '0-0');
    expect(history.map((event) => event.data.progress)).toEqual([3, 4, 5]);
  });
});
