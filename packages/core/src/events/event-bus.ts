import type { StudioTopics, TopicName } from './topics';

/** One published event: its id orders it within the bus and resumes a subscription after it. */
export interface BusEvent<T> {
  id: string;
  topic: TopicName;
  data: T;
}

export type Listener<T> = (event: BusEvent<T>) => void;

/**
 * Typed publish/subscribe with a bounded replay buffer per topic. The in-process implementation
 * serves one server; the Redis-streams one makes several processes share every topic and id.
 */
export interface EventBus {
  /** Resolves with the event's id once it is stored; events of one publisher keep their order. */
  publish<K extends TopicName>(topic: K, data: StudioTopics[K]): Promise<BusEvent<StudioTopics[K]>>;
  subscribe<K extends TopicName>(topic: K, listener: Listener<StudioTopics[K]>): () => void;
  /** Buffered events of a topic with an id greater than `afterId`, oldest first. */
  history<K extends TopicName>(topic: K, afterId: string): Promise<BusEvent<StudioTopics[K]>[]>;
  /** The buffered event with exactly this id, if still retained. */
  find<K extends TopicName>(topic: K, id: string): Promise<BusEvent<StudioTopics[K]> | undefined>;
  close(): Promise<void>;
}

/** Hands an event to every listener; a faulty listener must not stop delivery to the others. */
export function deliver<T>(listeners: Iterable<Listener<T>>, event: BusEvent<T>): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch {
      // Its own failure; the others still get the event.
    }
  }
}

/** Each topic's local listeners, for the buses to deliver to. */
export class TopicListeners {
  private readonly byTopic = new Map<TopicName, Set<Listener<unknown>>>();

  add<K extends TopicName>(topic: K, listener: Listener<StudioTopics[K]>): () => void {
    const set = this.byTopic.get(topic) ?? new Set();
    set.add(listener as Listener<unknown>);
    this.byTopic.set(topic, set);
    return () => {
      set.delete(listener as Listener<unknown>);
    };
  }

  of(topic: TopicName): ReadonlySet<Listener<unknown>> {
    return this.byTopic.get(topic) ?? new Set();
  }

  clear(): void {
    this.byTopic.clear();
  }
}
