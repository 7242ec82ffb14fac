import { ExecutionTaskSchema, type Citation, type Execution, type ExecutionTask } from '@studio/shared';
import { z } from 'zod';
import { NotFoundError } from '../errors/not-found-error';
import { placeholders, type Sql } from '../store/sql';

interface ExecutionRow {
  id: string;
  session_id: string | null;
  kind: Execution['kind'];
  workflow: string | null;
  status: Execution['status'];
  tokens_used: number;
  token_budget: number;
  tasks: string;
  request: string | null;
  answer: string | null;
  citations: string | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
  seq: number;
}

const TasksJson = z.array(ExecutionTaskSchema);

const COLUMNS =
  'id, session_id, kind, workflow, status, tokens_used, token_budget, tasks, request, answer, citations, error, created_at, finished_at';
/** Columns a later save rewrites; `seq` and `owner` stay as the first save set them. */
const UPDATED = COLUMNS.split(', ')
  .filter((column) => column !== 'id')
  .map((column) => `${column} = excluded.${column}`)
  .join(', ');

/**
 * Executions and their plan graphs (SQLite or PostgreSQL); written on every status change so a reader
 * sees progress. Saves of one execution are applied in the order they were made, even when the
 * caller does not wait for each, so a later state is never overwritten by an earlier one.
 */
export class ExecutionStore {
  private readonly writes = new Map<string, Promise<void>>();
  private readonly upsert: string;

  /** `owner` is the server process whose executions this store records as they start. */
  constructor(
    private readonly sql: Sql,
    private readonly owner: string,
  ) {
    // A new row goes last: SQLite computes its position (one writer at a time), PostgreSQL's identity hands it out.
    const seq = sql.dialect === 'postgres' ? 'DEFAULT' : '(SELECT COALESCE(MAX(seq), 0) + 1 FROM agent_executions)';
    this.upsert = `INSERT INTO agent_executions (${COLUMNS}, owner, seq)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${seq})
      ON CONFLICT (id) DO UPDATE SET ${UPDATED}`;
  }

  /** Inserts or replaces the whole record (its position in `list` and its owner are kept). */
  save(execution: Execution): Promise<void> {
    const id = execution.executionId;
    const previous = this.writes.get(id);
    const write = (previous ? previous.catch(() => undefined) : Promise.resolve()).then(() => this.write(execution));
    this.writes.set(id, write);
    const forget = () => {
      if (this.writes.get(id) === write) this.writes.delete(id);
    };
    write.then(forget, forget);
    return write;
  }

  async get(executionId: string): Promise<Execution> {
    await this.settled(this.writes.get(executionId));
    const row = await this.sql.get<ExecutionRow>('SELECT * FROM agent_executions WHERE id = ?', [executionId]);
    if (!row) throw new NotFoundError('execution', executionId);
    return toExecution(row);
  }

  /** Newest first; the cursor is the position of the last item seen. */
  async list(input: {
    sessionId?: string;
    limit?: number;
    cursor?: string;
  }): Promise<{ items: Execution[]; nextCursor: string | null }> {
    await Promise.all([...this.writes.values()].map((write) => this.settled(write)));
    const limit = input.limit ?? 20;
    const before = input.cursor && /^\d+$/.test(input.cursor) ? Number(input.cursor) : Number.MAX_SAFE_INTEGER;
    const rows = input.sessionId
      ? await this.sql.all<ExecutionRow>(
          'SELECT * FROM agent_executions WHERE session_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
          [input.sessionId, before, limit + 1],
        )
      : await this.sql.all<ExecutionRow>('SELECT * FROM agent_executions WHERE seq < ? ORDER BY seq DESC LIMIT ?', [
          before,
          limit + 1,
        ]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toExecution), nextCursor: rows.length > limit && last ? String(last.seq) : null };
  }

  /** The owners of executions still recorded as running. */
  async runningOwners(): Promise<string[]> {
    const rows = await this.sql.all<{ owner: string }>(
      "SELECT DISTINCT owner FROM agent_executions WHERE status = 'running'",
    );
    return rows.map((row) => row.owner);
  }

  /** Executions of dead `owners` left running never finish: records them as interrupted; returns their ids. */
  async markInterrupted(now: string, owners: readonly string[]): Promise<string[]> {
    if (owners.length === 0) return [];
    const rows = await this.sql.all<ExecutionRow>(
      `SELECT * FROM agent_executions WHERE status = 'running' AND owner IN (${placeholders(owners.length)})`,
      owners,
    );
    const marked: string[] = [];
    for (const row of rows) {
      const execution = toExecution(row);
      const tasks = execution.tasks.map((task) =>
        task.status === 'running' || task.status === 'pending'
          ? { ...task, status: 'cancelled' as const, error: task.error ?? 'interrupted' }
          : task,
      );
      // Guarded by status, so two processes recovering at once record each execution once.
      const { changes } = await this.sql.run(
        `UPDATE agent_executions SET status = 'interrupted', error = ?, finished_at = ?, tasks = ? WHERE id = ? AND status = 'running'`,
        [execution.error ?? 'the server stopped while this execution was running', now, JSON.stringify(tasks), row.id],
      );
      if (changes > 0) marked.push(row.id);
    }
    return marked;
  }

  private async write(execution: Execution): Promise<void> {
    await this.sql.run(this.upsert, [
      execution.executionId,
      execution.sessionId ?? null,
      execution.kind,
      execution.workflow ?? null,
      execution.status,
      execution.tokensUsed,
      execution.tokenBudget,
      JSON.stringify(execution.tasks),
      execution.request ?? null,
      execution.answer ?? null,
      execution.citations ? JSON.stringify(execution.citations) : null,
      execution.error ?? null,
      execution.createdAt,
      execution.finishedAt ?? null,
      this.owner,
    ]);
  }

  /** Waits for a pending write, whatever its outcome (its caller sees the failure). */
  private async settled(write: Promise<void> | undefined): Promise<void> {
    await write?.catch(() => undefined);
  }
}

function toExecution(row: ExecutionRow): Execution {
  return {
    executionId: row.id,
    ...(row.session_id ? { sessionId: row.session_id } : {}),
    kind: row.kind,
    ...(row.workflow ? { workflow: row.workflow } : {}),
    status: row.status,
    tokensUsed: row.tokens_used,
    tokenBudget: row.token_budget,
    tasks: TasksJson.parse(JSON.parse(row.tasks)) as ExecutionTask[],
    ...(row.error ? { error: row.error } : {}),
    createdAt: row.created_at,
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    ...(row.request !== null ? { request: row.request } : {}),
    ...(row.answer !== null ? { answer: row.answer } : {}),
    ...(row.citations ? { citations: JSON.parse(row.citations) as Citation[] } : {}),
  };
}
