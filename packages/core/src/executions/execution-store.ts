import {
  ExecutionTaskSchema,
  type ChatMode,
  type Citation,
  type Execution,
  type ExecutionStatus,
} from '@studio/shared';
import { z } from 'zod';
import { NotFoundError } from '../errors/not-found-error';
import { placeholders, type Sql } from '../store/sql';

interface ExecutionRow {
  id: string;
  seq: number;
  kind: Execution['kind'];
  session_id: string | null;
  workflow: string | null;
  status: ExecutionStatus;
  owner: string;
  tokens_used: number;
  token_budget: number;
  tasks: string;
  request: string | null;
  answer: string | null;
  citations: string | null;
  error_code: string | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** How an execution ended, recorded once: the first outcome stands. */
export interface ExecutionOutcome {
  status: Exclude<ExecutionStatus, 'running'>;
  tokensUsed: number;
  error?: { code: string; message: string };
  at: string;
}

const TasksJson = z.array(ExecutionTaskSchema);

/** The columns a plan's record holds; a save rewrites them, leaving position, owner and the answer's message. */
const PLAN_COLUMNS = [
  'kind',
  'workflow',
  'status',
  'tokens_used',
  'token_budget',
  'tasks',
  'request',
  'answer',
  'citations',
  'error',
  'finished_at',
];

const INTERRUPTED = { code: 'INTERRUPTED', message: 'the server stopped before this execution finished' };

/**
 * Every execution, one row each (SQLite or PostgreSQL): a direct answer, or a plan or workflow with its
 * graph. Saves of one execution are applied in the order they were made, even when the caller does
 * not wait for each, so a later state is never overwritten by an earlier one.
 */
export class ExecutionStore {
  private readonly writes = new Map<string, Promise<void>>();
  /** A new row goes last: SQLite computes its position (one writer at a time), PostgreSQL's identity hands it out. */
  private readonly nextSeq: string;

  /** `owner` is the server process whose executions this store records as they start. */
  constructor(
    private readonly sql: Sql,
    private readonly owner: string,
  ) {
    this.nextSeq = sql.dialect === 'postgres' ? 'DEFAULT' : '(SELECT COALESCE(MAX(seq), 0) + 1 FROM executions)';
  }

  /** Records an answer as running, owned by this process; a plan may take the record over by `save`. */
  async start(execution: {
    id: string;
    sessionId: string;
    messageId: string;
    mode: ChatMode;
    tokenBudget: number;
    at: string;
  }): Promise<void> {
    await this.sql.run(
      `INSERT INTO executions (id, seq, kind, session_id, message_id, mode, status, owner, token_budget, created_at)
       VALUES (?, ${this.nextSeq}, 'direct', ?, ?, ?, 'running', ?, ?, ?)`,
      [
        execution.id,
        execution.sessionId,
        execution.messageId,
        execution.mode,
        this.owner,
        execution.tokenBudget,
        execution.at,
      ],
    );
  }

  /** Records how a running execution ended; an execution already finished keeps its outcome. */
  async finish(id: string, outcome: ExecutionOutcome): Promise<void> {
    await this.settled(this.writes.get(id));
    await this.sql.run(
      `UPDATE executions SET status = ?, tokens_used = ?, error_code = ?, error = ?, finished_at = ?
       WHERE id = ? AND status = 'running'`,
      [outcome.status, outcome.tokensUsed, outcome.error?.code ?? null, outcome.error?.message ?? null, outcome.at, id],
    );
  }

  /** Inserts or rewrites a plan's whole record (its position, owner and answer message are kept). */
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
    const row = await this.sql.get<ExecutionRow>('SELECT * FROM executions WHERE id = ?', [executionId]);
    if (!row) throw new NotFoundError('execution', executionId);
    return toExecution(row);
  }

  /** Status and owning process of an execution (the owner matters to a process following one it does not run). */
  async state(id: string): Promise<{ status: ExecutionStatus; owner: string } | undefined> {
    return this.sql.get<{ status: ExecutionStatus; owner: string }>(
      'SELECT status, owner FROM executions WHERE id = ?',
      [id],
    );
  }

  /** Plans and workflows, newest first; the cursor is the position of the last item seen. */
  async list(input: {
    sessionId?: string;
    limit?: number;
    cursor?: string;
  }): Promise<{ items: Execution[]; nextCursor: string | null }> {
    await Promise.all([...this.writes.values()].map((write) => this.settled(write)));
    const limit = input.limit ?? 20;
    const before = input.cursor && /^\d+$/.test(input.cursor) ? Number(input.cursor) : Number.MAX_SAFE_INTEGER;
    const planned = "kind <> 'direct' AND seq < ?";
    const rows = input.sessionId
      ? await this.sql.all<ExecutionRow>(
          `SELECT * FROM executions WHERE session_id = ? AND ${planned} ORDER BY seq DESC LIMIT ?`,
          [input.sessionId, before, limit + 1],
        )
      : await this.sql.all<ExecutionRow>(`SELECT * FROM executions WHERE ${planned} ORDER BY seq DESC LIMIT ?`, [
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
      "SELECT DISTINCT owner FROM executions WHERE status = 'running'",
    );
    return rows.map((row) => row.owner);
  }

  /**
   * Executions of dead `owners` left running never finish: records them as interrupted, their
   * unfinished tasks as cancelled; returns their ids.
   */
  async markInterrupted(now: string, owners: readonly string[]): Promise<string[]> {
    if (owners.length === 0) return [];
    const rows = await this.sql.all<ExecutionRow>(
      `SELECT * FROM executions WHERE status = 'running' AND owner IN (${placeholders(owners.length)})`,
      owners,
    );
    const marked: string[] = [];
    for (const row of rows) {
      const tasks = TasksJson.parse(JSON.parse(row.tasks)).map((task) =>
        task.status === 'running' || task.status === 'pending'
          ? { ...task, status: 'cancelled' as const, error: task.error ?? 'interrupted' }
          : task,
      );
      // Guarded by status, so two processes recovering at once record each execution once.
      const { changes } = await this.sql.run(
        `UPDATE executions SET status = 'interrupted', error_code = ?, error = ?, finished_at = ?, tasks = ?
         WHERE id = ? AND status = 'running'`,
        [INTERRUPTED.code, row.error ?? INTERRUPTED.message, now, JSON.stringify(tasks), row.id],
      );
      if (changes > 0) marked.push(row.id);
    }
    return marked;
  }

  private async write(execution: Execution): Promise<void> {
    const values = [
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
      execution.finishedAt ?? null,
    ];
    await this.sql.run(
      `INSERT INTO executions (id, seq, session_id, owner, created_at, ${PLAN_COLUMNS.join(', ')})
       VALUES (?, ${this.nextSeq}, ?, ?, ?, ${placeholders(PLAN_COLUMNS.length)})
       ON CONFLICT (id) DO UPDATE SET ${PLAN_COLUMNS.map((column) => `${column} = excluded.${column}`).join(', ')}`,
      [execution.executionId, execution.sessionId ?? null, this.owner, execution.createdAt, ...values],
    );
  }

  /** Waits for a pending write, whatever its outcome (its caller sees the failure). */
  private async settled(write: Promise<void> | undefined): Promise<void> {
    await write?.catch(() => undefined);
  }
}

function toExecution(row: ExecutionRow): Execution {
  const error = row.error_code ? `${row.error_code}: ${row.error ?? ''}` : row.error;
  return {
    executionId: row.id,
    ...(row.session_id ? { sessionId: row.session_id } : {}),
    kind: row.kind,
    ...(row.workflow ? { workflow: row.workflow } : {}),
    status: row.status,
    tokensUsed: Number(row.tokens_used),
    tokenBudget: Number(row.token_budget),
    tasks: TasksJson.parse(JSON.parse(row.tasks)),
    ...(error ? { error } : {}),
    createdAt: row.created_at,
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    ...(row.request !== null ? { request: row.request } : {}),
    ...(row.answer !== null ? { answer: row.answer } : {}),
    ...(row.citations ? { citations: JSON.parse(row.citations) as Citation[] } : {}),
  };
}
