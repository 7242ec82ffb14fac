import type { Execution } from './execution';

/** Finished executions stay this long, so a late reconnect still replays the end of its answer. */
const RETAIN_FINISHED_MS = 10 * 60_000;
const MAX_FINISHED = 200;

/** Executions by id: running ones can be cancelled, recent ones resumed by event id. */
export class ExecutionRegistry {
  private readonly executions = new Map<string, Execution>();
  private readonly finishedOrder: string[] = [];

  add(execution: Execution): void {
    this.executions.set(execution.id, execution);
    void execution.done.then(() => this.retire(execution.id));
  }

  get(id: string): Execution | undefined {
    return this.executions.get(id);
  }

  /** The execution that published `eventId`, while it is retained. */
  findByEventId(eventId: string): Execution | undefined {
    for (const execution of this.executions.values()) if (execution.has(eventId)) return execution;
    return undefined;
  }

  running(): Execution[] {
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
