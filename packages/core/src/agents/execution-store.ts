import { ExecutionTaskSchema, type Citation, type Execution, type ExecutionTask } from '@studio/shared';
import { z } from 'zod';
import { NotFoundError } from '../errors/not-found-error';
import type { SqliteDatabase } from '../store/database';

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

/** Executions and their plan graphs in SQLite; written on every status change so a reader sees progress. */
export class ExecutionStore {
  private sequence: number;

  constructor(private readonly db: SqliteDatabase) {
    const row = db.prepare('SELECT MAX(seq) AS seq FROM agent_executions').get() as { seq: number | null };
    this.sequence = row.seq ?? 0;
  }

  /** Inserts or replaces the whole record. */
  save(execution: Execution): void {
    const existing = this.db.prepare('SELECT seq FROM agent_executions WHERE id = ?').get(execution.executionId) as { seq: number } | undefined;
    const seq = existing?.seq ?? (this.sequence += 1);
    this.db
      .prepare(
        `INSERT OR REPLACE INTO agent_executions
          (id, session_id, kind, workflow, status, tokens_used, token_budget, tasks, request, answer, citations, error, created_at, finished_at, seq)
         VALUES (@id, @session_id, @kind, @workflow, @status, @tokens_used, @token_budget, @tasks, @request, @answer, @citations, @error, @created_at, @finished_at, @seq)`,
      )
      .run({
        id: execution.executionId,
        session_id: execution.sessionId ?? null,
        kind: execution.kind,
        workflow: execution.workflow ?? null,
        status: execution.status,
        tokens_used: execution.tokensUsed,
        token_budget: execution.tokenBudget,
        tasks: JSON.stringify(execution.tasks),
        request: execution.request ?? null,
        answer: execution.answer ?? null,
        citations: execution.citations ? JSON.stringify(execution.citations) : null,
        error: execution.error ?? null,
        created_at: execution.createdAt,
        finished_at: execution.finishedAt ?? null,
        seq,
      });
  }

  get(executionId: string): Execution {
    const row = this.db.prepare('SELECT * FROM agent_executions WHERE id = ?').get(executionId) as ExecutionRow | undefined;
    if (!row) throw new NotFoundError('execution', executionId);
    return toExecution(row);
  }

  /** Newest first; the cursor is the position of the last item seen. */
  list(input: { sessionId?: string; limit?: number; cursor?: string }): { items: Execution[]; nextCursor: string | null } {
    const limit = input.limit ?? 20;
    const before = input.cursor && /^\d+$/.test(input.cursor) ? Number(input.cursor) : Number.MAX_SAFE_INTEGER;
    const rows = (
      input.sessionId
        ? this.db.prepare('SELECT * FROM agent_executions WHERE session_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?').all(input.sessionId, before, limit + 1)
        : this.db.prepare('SELECT * FROM agent_executions WHERE seq < ? ORDER BY seq DESC LIMIT ?').all(before, limit + 1)
    ) as ExecutionRow[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toExecution), nextCursor: rows.length > limit && last ? String(last.seq) : null };
  }

  /** After a restart nothing is running any more: what was, is recorded as interrupted. */
  markInterrupted(now: string): string[] {
    const rows = this.db.prepare("SELECT * FROM agent_executions WHERE status = 'running'").all() as ExecutionRow[];
    for (const row of rows) {
      const execution = toExecution(row);
      this.save({
        ...execution,
        status: 'interrupted',
        error: execution.error ?? 'the server stopped while this execution was running',
        finishedAt: now,
        tasks: execution.tasks.map((task) =>
          task.status === 'running' || task.status === 'pending' ? { ...task, status: 'cancelled', error: task.error ?? 'interrupted' } : task,
        ),
      });
    }
    return rows.map((row) => row.id);
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
