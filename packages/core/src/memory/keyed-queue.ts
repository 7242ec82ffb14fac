/**
 * Runs tasks one at a time per key; different keys run concurrently. Captures for one user go
 * through one, so their read-merge-write steps never interleave.
 */
export interface KeyedLock {
  /** `signal` gives up waiting for the key (shutdown); a task already running is not interrupted. */
  run<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  close(): Promise<void>;
}

/** A KeyedLock within one process: tasks per key in arrival order. */
export class KeyedQueue implements KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  async close(): Promise<void> {}

  /** Keys with work queued or running. */
  get size(): number {
    return this.tails.size;
  }
}
