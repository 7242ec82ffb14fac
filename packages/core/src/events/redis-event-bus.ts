import { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { DEFAULT_REPLAY_BUFFER } from './in-memory-event-bus';
import { parseEventId } from './event-id';
import { deliver, TopicListeners, type BusEvent, type EventBus, type Listener } from './event-bus';
import { TOPIC_NAMES, type StudioTopics, type TopicName } from './topics';

type StreamEntry = [id: string, fields: string[]];
type StreamReply = [key: string, entries: StreamEntry[]][] | null;

export interface RedisEventBusOptions {
  url: string;
  /** Key prefix, so several studios (or test runs) can share one Redis. */
  prefix?: string;
  /** Events kept per topic for resuming subscribers (approximate: MAXLEN ~). */
  replayBuffer?: number;
  logger?: Logger;
}

/**
 * The event bus for several server processes: one Redis stream per topic. Ids are the streams' own
 * (`<ms>-<seq>`, the form in-process ids already have), so a `lastEventId` from one process resumes
 * on any other. Each process reads every stream on one blocking connection and hands events to its
 * local subscribers; publishing is an XADD on a second connection (replies keep command order).
 */
export class RedisEventBus implements EventBus {
  private readonly listeners = new TopicListeners();
  private readonly prefix: string;
  private readonly replayBuffer: number;
  private closed = false;
  private reading?: Promise<void>;

  private constructor(
    private readonly writer: Redis,
    private readonly reader: Redis,
    private readonly lastIds: Map<TopicName, string>,
    options: RedisEventBusOptions,
  ) {
    this.prefix = options.prefix ?? 'studio';
    this.replayBuffer = options.replayBuffer ?? DEFAULT_REPLAY_BUFFER;
    this.reading = this.readLoop(options.logger);
  }

  /** Connects both connections and starts reading after each stream's current end. */
  static async connect(options: RedisEventBusOptions): Promise<RedisEventBus> {
    const connect = () => new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: null });
    const writer = connect();
    const reader = connect();
    await Promise.all([writer.connect(), reader.connect()]);
    const prefix = options.prefix ?? 'studio';
    const lastIds = new Map<TopicName, string>();
    for (const topic of TOPIC_NAMES) {
      const [last] = (await writer.xrevrange(streamKey(prefix, topic), '+', '-', 'COUNT', 1)) as StreamEntry[];
      lastIds.set(topic, last?.[0] ?? '0-0');
    }
    return new RedisEventBus(writer, reader, lastIds, options);
  }

  async publish<K extends TopicName>(topic: K, data: StudioTopics[K]): Promise<BusEvent<StudioTopics[K]>> {
    const id = await this.writer.xadd(
      this.key(topic),
      'MAXLEN',
      '~',
      this.replayBuffer,
      '*',
      'd',
      JSON.stringify(data),
    );
    if (!id) throw new Error(`redis refused an event on ${topic}`);
    return { id, topic, data };
  }

  subscribe<K extends TopicName>(topic: K, listener: Listener<StudioTopics[K]>): () => void {
    return this.listeners.add(topic, listener);
  }

  async history<K extends TopicName>(topic: K, afterId: string): Promise<BusEvent<StudioTopics[K]>[]> {
    // An id that does not parse replays everything retained, as the in-process bus does.
    const start = parseEventId(afterId)[0] < 0 ? '-' : `(${afterId}`;
    const entries = (await this.writer.xrange(this.key(topic), start, '+')) as StreamEntry[];
    return entries.map((entry) => toEvent<StudioTopics[K]>(topic, entry));
  }

  async find<K extends TopicName>(topic: K, id: string): Promise<BusEvent<StudioTopics[K]> | undefined> {
    if (parseEventId(id)[0] < 0) return undefined;
    const [entry] = (await this.writer.xrange(this.key(topic), id, id)) as StreamEntry[];
    return entry ? toEvent<StudioTopics[K]>(topic, entry) : undefined;
  }

  /** For the health probe: whether Redis answers. */
  async ping(): Promise<boolean> {
    return (await this.writer.ping().catch(() => undefined)) === 'PONG';
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    this.reader.disconnect();
    await this.reading;
    await this.writer.quit().catch(() => undefined);
  }

  private key(topic: TopicName): string {
    return streamKey(this.prefix, topic);
  }

  /** XREAD on every stream from the last id seen; a broken connection is retried by ioredis. */
  private async readLoop(logger?: Logger): Promise<void> {
    const keys = TOPIC_NAMES.map((topic) => this.key(topic));
    while (!this.closed) {
      let reply: StreamReply;
      try {
        const ids = TOPIC_NAMES.map((topic) => this.lastIds.get(topic) ?? '0-0');
        reply = await this.reader.xread('COUNT', 1000, 'BLOCK', 5000, 'STREAMS', ...keys, ...ids);
      } catch (error) {
        if (this.closed) return;
        logger?.warn('reading events from redis failed; retrying', { error: String(error) });
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      for (const [key, entries] of reply ?? []) {
        const topic = TOPIC_NAMES[keys.indexOf(key)];
        if (!topic) continue;
        for (const entry of entries) {
          this.lastIds.set(topic, entry[0]);
          this.deliver(topic, entry);
        }
      }
    }
  }

  private deliver(topic: TopicName, entry: StreamEntry): void {
    const listeners = this.listeners.of(topic);
    if (listeners.size === 0) return;
    let event: BusEvent<unknown>;
    try {
      event = toEvent(topic, entry);
    } catch {
      return; // Not ours (written by something else into our key): skip it.
    }
    deliver(listeners, event);
  }
}

function streamKey(prefix: string, topic: TopicName): string {
  return `${prefix}:events:${topic}`;
}

function toEvent<T>(topic: TopicName, [id, fields]: StreamEntry): BusEvent<T> {
  const index = fields.indexOf('d');
  return { id, topic, data: JSON.parse(fields[index + 1] ?? 'null') as T };
}
