import { compareEventIds } from './event-id';
import type { BusEvent, EventBus } from './event-bus';
import type { StudioTopics, TopicName } from './topics';

/** A subscriber this far behind is cut off; it reconnects and resumes from the replay buffer. */
const MAX_PENDING = 10_000;

export interface StreamOptions<T> {
  lastEventId?: string | null;
  signal?: AbortSignal;
  filter?: (data: T) => boolean;
}

/**
 * Events of a topic as an async iterable: subscribes first, then replays what came after
 * `lastEventId`, then goes live — with no gap and no duplicate across that seam.
 */
export async function* streamEvents<K extends TopicName>(
  bus: EventBus,
  topic: K,
  options: StreamOptions<StudioTopics[K]> = {},
): AsyncGenerator<BusEvent<StudioTopics[K]>> {
  type Event = BusEvent<StudioTopics[K]>;
  const pending: Event[] = [];
  let wake: (() => void) | undefined;
  let overflowed = false;
  const unsubscribe = bus.subscribe(topic, (event) => {
    if (pending.length >= MAX_PENDING) overflowed = true;
    else pending.push(event);
    wake?.();
  });
  const onAbort = () => wake?.();
  options.signal?.addEventListener('abort', onAbort);
  const accepts = (event: Event) => !options.filter || options.filter(event.data);
  try {
    let lastId: string | null = options.lastEventId ?? null;
    if (lastId !== null) {
      for (const event of await bus.history(topic, lastId)) {
        lastId = event.id;
        if (accepts(event)) yield event;
      }
    }
    while (!options.signal?.aborted && !overflowed) {
      const event = pending.shift();
      if (!event) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      if (lastId !== null && compareEventIds(event.id, lastId) <= 0) continue;
      lastId = event.id;
      if (accepts(event)) yield event;
    }
  } finally {
    unsubscribe();
    options.signal?.removeEventListener('abort', onAbort);
  }
}
