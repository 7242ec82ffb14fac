import { compareEventIds, EventIdGenerator } from './event-id';
import { deliver, TopicListeners, type BusEvent, type EventBus, type Listener } from './event-bus';
import type { StudioTopics, TopicName } from './topics';

/** Default events kept per topic for resuming subscribers. */
export const DEFAULT_REPLAY_BUFFER = 5000;

/** The event bus of a single server process. */
export class InMemoryEventBus implements EventBus {
  private readonly listeners = new TopicListeners();
  private readonly buffers = new Map<TopicName, BusEvent<unknown>[]>();
  private readonly ids: EventIdGenerator;

  constructor(private readonly options: { replayBuffer?: number; now?: () => number } = {}) {
    this.ids = new EventIdGenerator(options.now);
  }

  /** Stores and delivers synchronously; the promise only matches the interface. */
  publish<K extends TopicName>(topic: K, data: StudioTopics[K]): Promise<BusEvent<StudioTopics[K]>> {
    const event: BusEvent<StudioTopics[K]> = { id: this.ids.next(), topic, data };
    const buffer = this.buffers.get(topic) ?? [];
    buffer.push(event);
    const limit = this.options.replayBuffer ?? DEFAULT_REPLAY_BUFFER;
    if (buffer.length > limit) buffer.splice(0, buffer.length - limit);
    this.buffers.set(topic, buffer);
    deliver(this.listeners.of(topic), event);
    return Promise.resolve(event);
  }

  subscribe<K extends TopicName>(topic: K, listener: Listener<StudioTopics[K]>): () => void {
    return this.listeners.add(topic, listener);
  }

  async history<K extends TopicName>(topic: K, afterId: string): Promise<BusEvent<StudioTopics[K]>[]> {
    const buffer = (this.buffers.get(topic) ?? []) as BusEvent<StudioTopics[K]>[];
    return buffer.filter((event) => compareEventIds(event.id, afterId) > 0);
  }

  async find<K extends TopicName>(topic: K, id: string): Promise<BusEvent<StudioTopics[K]> | undefined> {
    return (this.buffers.get(topic) ?? []).find((event) => event.id === id) as BusEvent<StudioTopics[K]> | undefined;
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
