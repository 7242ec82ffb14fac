/**
 * Background work the studio has accepted (an ingestion, a chat answer, a memory capture), so that
 * shutdown can let it finish, or tell each unfinished piece to record itself as interrupted.
 */
export class WorkTracker {
  private readonly running = new Map<Promise<unknown>, { name: string; abort: AbortController }>();
  private closing = false;

  get size(): number {
    return this.running.size;
  }

  get isClosing(): boolean {
    return this.closing;
  }

  /** Runs `work` with a signal that aborts when shutdown gives up waiting. */
  run<T>(name: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const abort = new AbortController();
    const promise = work(abort.signal);
    const settled = promise.then(
      () => undefined,
      () => undefined,
    );
    this.running.set(settled, { name, abort });
    void settled.then(() => this.running.delete(settled));
    return promise;
  }

  /** Waits up to `timeoutMs` for work in flight, then aborts the rest; returns the names aborted. */
  async drain(timeoutMs: number): Promise<string[]> {
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([Promise.all(this.running.keys()).then(() => 'done' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'done') return [];
    const aborted = [...this.running.values()];
    for (const entry of aborted) entry.abort.abort(new Error('server shutting down'));
    // Give aborted work a moment to record its state before the store closes.
    await Promise.race([Promise.all(this.running.keys()), new Promise((resolve) => setTimeout(resolve, 300))]);
    return aborted.map((entry) => entry.name);
  }
}
