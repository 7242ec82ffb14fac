import type { ChatMessage, ChatMode, ChatSessionSummary, Citation, Execution, ExecutionStatus } from '@studio/shared';
import type { SqliteDatabase } from '../store/database';

/** How an answer execution ended (or that it has not yet). */
export type { ExecutionStatus };

interface MessageRow {
  id: string;
  role: ChatMessage['role'];
  content: string;
  citations: string;
  created_at: string;
}

interface SessionRow {
  id: string;
  title: string;
  updated_at: string;
  message_count: number;
}

/** Sessions, messages and executions of chat, in the studio's SQLite database. */
export class ChatStore {
  constructor(private readonly db: SqliteDatabase) {}

  createSession(session: { id: string; title: string; userId: string; at: string }): void {
    this.db
      .prepare('INSERT INTO chat_sessions (id, title, user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(session.id, session.title, session.userId, session.at, session.at);
  }

  sessionExists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM chat_sessions WHERE id = ?').get(id) !== undefined;
  }

  addMessage(message: {
    id: string;
    sessionId: string;
    role: ChatMessage['role'];
    content: string;
    citations?: Citation[];
    executionId?: string;
    at: string;
  }): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO chat_messages (id, session_id, role, content, citations, execution_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          message.id,
          message.sessionId,
          message.role,
          message.content,
          JSON.stringify(message.citations ?? []),
          message.executionId ?? null,
          message.at,
        );
      this.db.prepare('UPDATE chat_sessions SET updated_at = ? WHERE id = ?').run(message.at, message.sessionId);
    })();
  }

  /** All messages of a session, oldest first. */
  history(sessionId: string): ChatMessage[] {
    const rows = this.db
      .prepare('SELECT id, role, content, citations, created_at FROM chat_messages WHERE session_id = ? ORDER BY seq')
      .all(sessionId) as MessageRow[];
    return rows.map(toMessage);
  }

  /** The last `limit` messages before the newest `skipLatest` ones, oldest first. */
  recentMessages(sessionId: string, limit: number, skipLatest = 0): ChatMessage[] {
    if (limit <= 0) return [];
    const rows = this.db
      .prepare(
        'SELECT id, role, content, citations, created_at FROM chat_messages WHERE session_id = ? ORDER BY seq DESC LIMIT ? OFFSET ?',
      )
      .all(sessionId, limit, skipLatest) as MessageRow[];
    return rows.reverse().map(toMessage);
  }

  /** Sessions, most recently active first; the cursor is the last item's `updatedAt|id`. */
  sessions(limit: number, cursor?: string): { items: ChatSessionSummary[]; nextCursor: string | null } {
    const [updatedAt, id] = cursor ? splitCursor(cursor) : [undefined, undefined];
    const rows = this.db
      .prepare(
        `SELECT s.id, s.title, s.updated_at, (SELECT COUNT(*) FROM chat_messages m WHERE m.session_id = s.id) AS message_count
         FROM chat_sessions s
         WHERE (? IS NULL OR s.updated_at < ? OR (s.updated_at = ? AND s.id < ?))
         ORDER BY s.updated_at DESC, s.id DESC
         LIMIT ?`,
      )
      .all(updatedAt ?? null, updatedAt ?? null, updatedAt ?? null, id ?? null, limit + 1) as SessionRow[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => ({ sessionId: row.id, title: row.title, updatedAt: row.updated_at, messageCount: row.message_count })),
      nextCursor: rows.length > limit && last ? `${last.updated_at}|${last.id}` : null,
    };
  }

  startExecution(execution: { id: string; sessionId: string; assistantMessageId: string; mode: ChatMode; at: string }): void {
    this.db
      .prepare(
        `INSERT INTO chat_executions (id, session_id, assistant_message_id, mode, status, started_at) VALUES (?, ?, ?, ?, 'running', ?)`,
      )
      .run(execution.id, execution.sessionId, execution.assistantMessageId, execution.mode, execution.at);
  }

  finishExecution(
    id: string,
    outcome: { status: Exclude<ExecutionStatus, 'running'>; tokensUsed: number; error?: { code: string; message: string }; at: string },
  ): void {
    this.db
      .prepare(
        `UPDATE chat_executions SET status = ?, tokens_used = ?, error_code = ?, error_message = ?, finished_at = ?
         WHERE id = ? AND status = 'running'`,
      )
      .run(outcome.status, outcome.tokensUsed, outcome.error?.code ?? null, outcome.error?.message ?? null, outcome.at, id);
  }

  executionStatus(id: string): ExecutionStatus | undefined {
    const row = this.db.prepare('SELECT status FROM chat_executions WHERE id = ?').get(id) as { status: ExecutionStatus } | undefined;
    return row?.status;
  }

  /** One answer's execution record, in the shape `executions.get` reports (a direct answer has no tasks). */
  execution(id: string, tokenBudget: number): Execution | undefined {
    const row = this.db.prepare('SELECT * FROM chat_executions WHERE id = ?').get(id) as ExecutionRow | undefined;
    if (!row) return undefined;
    return {
      executionId: row.id,
      sessionId: row.session_id,
      kind: 'direct',
      status: row.status,
      tokensUsed: row.tokens_used,
      tokenBudget,
      tasks: [],
      ...(row.error_code ? { error: `${row.error_code}: ${row.error_message ?? ''}` } : {}),
      createdAt: row.started_at,
      ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    };
  }

  /** After a crash, executions left 'running' never finished: record them as interrupted. */
  markRunningInterrupted(at: string): number {
    return this.db
      .prepare(
        `UPDATE chat_executions SET status = 'interrupted', error_code = 'INTERRUPTED', error_message = 'the server stopped before the answer finished', finished_at = ?
         WHERE status = 'running'`,
      )
      .run(at).changes;
  }
}

function toMessage(row: MessageRow): ChatMessage {
  return { id: row.id, role: row.role, content: row.content, citations: JSON.parse(row.citations) as Citation[], createdAt: row.created_at };
}

function splitCursor(cursor: string): [string, string] {
  const separator = cursor.lastIndexOf('|');
  return separator < 0 ? [cursor, ''] : [cursor.slice(0, separator), cursor.slice(separator + 1)];
}

interface ExecutionRow {
  id: string;
  session_id: string;
  status: ExecutionStatus;
  tokens_used: number;
  error_code: string | null;
  error_message: string | null;
  started_at: string;
  finished_at: string | null;
}
