import type { ChatEvent, ChatMode } from '@studio/shared';
import { compareEventIds } from '../events/event-id';

/** A chat event with the id it was published under; the id resumes a stream right after it. */
export interface LoggedEvent {
  id: string;
  event: ChatEvent;
}

/** The last event of an execution. */
export type FinalEvent = Extract<ChatEvent, { type: 'end' | 'error' }>;

/**
 * An execution while this process runs it: its cancel switch and its event log. The log outlives any subscriber,
 * so a client that drops and comes back with `lastEventId` gets the rest, with no gap or duplicate.
 */
export class LiveExecution {
  readonly abort = new AbortController();
  readonly done: Promise<FinalEvent>;
  /** The reason an execution failed, kept for `chat.send` to rethrow as the original domain error. */
  failure?: unknown;
  /** Told whenever answer text grows (the partial answer is saved from it as it streams). */
  onText?: () => void;
  private readonly log: LoggedEvent[] = [];
  private readonly ids = new Set<string>();
  private readonly listeners = new Set<(event: LoggedEvent) => void>();
  private streamed = '';
  private pendingText = '';
  private flushScheduled = false;
  private final?: FinalEvent;
  /** Set once the final event is in the log (publishing is async, so later than `final`). */
  private closed = false;
  /** Appends wait for each other, so the log keeps the order events were emitted in. */
  private appending: Promise<void> = Promise.resolve();
  private resolveDone: (event: FinalEvent) => void = () => undefined;

  constructor(
    readonly id: string,
    readonly sessionId: string,
    readonly messageId: string,
    public mode: ChatMode,
    private readonly publish: (event: ChatEvent) => Promise<string>,
    private readonly onPublishFailure: (error: unknown) => void = () => undefined,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  get finished(): boolean {
    return this.final !== undefined;
  }

  /** Text streamed so far, including text not yet flushed to the log. */
  get text(): string {
    return this.streamed + this.pendingText;
  }

  /**
   * Queues answer text. Text that arrives within one turn of the event loop leaves as one `token`
   * event, so a fast model is not throttled by per-message transport overhead.
   */
  token(text: string): void {
    if (this.final || text.length === 0) return;
    this.pendingText += text;
    this.onText?.();
    // The first text leaves at once: time to first token is what a user feels most.
    if (this.streamed === '' && !this.flushScheduled) {
      this.flush();
      return;
    }
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Appends a non-token event (pending text goes first); `end` and `error` close the log. */
  emit(event: ChatEvent): void {
    if (this.final) return;
    this.flush();
    if (event.type === 'end' || event.type === 'error') this.final = event;
    this.append(event);
  }

  has(eventId: string): boolean {
    return this.ids.has(eventId);
  }

  /** Events after `afterId` (all when absent), then live ones, until the final event or `signal`. */
  async *events(afterId?: string | null, signal?: AbortSignal): AsyncGenerator<LoggedEvent> {
    const queue: LoggedEvent[] = [];
    let wake: (() => void) | undefined;
    const listener = (event: LoggedEvent) => {
      queue.push(event);
      wake?.();
    };
    // Snapshot and subscribe in the same turn, so nothing falls between replay and live.
    queue.push(...(afterId ? this.log.filter((event) => compareEventIds(event.id, afterId) > 0) : this.log));
    if (!this.closed) this.listeners.add(listener);
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      while (!signal?.aborted) {
        const next = queue.shift();
        if (next) {
          yield next;
          if (next.event.type === 'end' || next.event.type === 'error') return;
          continue;
        }
        if (this.closed) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      this.listeners.delete(listener);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pendingText.length === 0 || this.final) return;
    const text = this.pendingText;
    this.pendingText = '';
    this.streamed += text;
    this.append({ type: 'token', text });
  }

  private append(event: ChatEvent): void {
    // Published at once (one publisher's events keep their order), logged in emission order.
    const published = this.publish(event);
    this.appending = this.appending.then(async () => {
      let id: string;
      try {
        id = await published;
      } catch (error) {
        // The shared bus is unreachable: this process's subscribers still get the event.
        this.onPublishFailure(error);
        id = `${Date.now()}-${this.log.length}`;
      }
      const logged = { id, event };
      this.log.push(logged);
      this.ids.add(id);
      for (const listener of this.listeners) listener(logged);
      if (event.type === 'end' || event.type === 'error') {
        this.closed = true;
        this.listeners.clear();
        this.resolveDone(event);
      }
    });
  }
}
