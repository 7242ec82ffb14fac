import type { LiveExecution } from './live-execution';

/** Finished executions stay this long, so a late reconnect still replays the end of its answer. */
const RETAIN_FINISHED_MS = 10 * 60_000;
const MAX_FINISHED = 200;

/** The executions this process runs, by id: running ones can be cancelled, recent ones resumed by event id. */
export class LiveExecutions {
  private readonly executions = new Map<string, LiveExecution>();
  private readonly finishedOrder: string[] = [];

  add(execution: LiveExecution): void {
    this.executions.set(execution.id, execution);
    void execution.done.then(() => this.retire(execution.id));
  }

  get(id: string): LiveExecution | undefined {
    return this.executions.get(id);
  }

  /** The execution that published `eventId`, while it is retained. */
  findByEventId(eventId: string): LiveExecution | undefined {
    for (const execution of this.executions.values()) if (execution.has(eventId)) return execution;
    return undefined;
  }

  running(): LiveExecution[] {
    return [...this.executions.values()].filter((execution) => !execution.finished);
  }

  private retire(id: string): void {
    this.finishedOrder.push(id);
    while (this.finishedOrder.length > MAX_FINISHED) {
      const oldest = this.finishedOrder.shift();
      if (oldest) this.executions.delete(oldest);
    }
    setTimeout(() => this.executions.delete(id), RETAIN_FINISHED_MS).unref();
  }
}
