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
