/** Schedules a callback; injectable so the schedule is tested without waiting. */
export interface Timer {
  set(callback: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

/** Real timers that never keep the process alive on their own. */
export const systemTimer: Timer = {
  set: (callback, delayMs) => setTimeout(callback, delayMs).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Runs `task` every `intervalMs()`; the interval is read again before each wait, so a config
 * change applies from the next run. A run never overlaps the previous one.
 */
export class RetentionScheduler {
  private handle: unknown;
  private stopped = true;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly intervalMs: () => number,
    private readonly timer: Timer = systemTimer,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.handle !== undefined) this.timer.clear(this.handle);
    this.handle = undefined;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.handle = this.timer.set(() => {
      this.handle = undefined;
      // The task reports its own failures; the schedule goes on either way.
      void this.task()
        .catch(() => undefined)
        .then(() => this.schedule());
    }, this.intervalMs());
  }
}
