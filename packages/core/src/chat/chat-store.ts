import type { ChatMessage, ChatMessageStatus, ChatSessionSummary, Citation } from '@studio/shared';
import type { Sql, SqlValue } from '../store/sql';

interface MessageRow {
  id: string;
  role: ChatMessage['role'];
  content: string;
  citations: string;
  created_at: string;
  status: ChatMessageStatus | null;
  execution_id: string | null;
}

const MESSAGE_COLUMNS = 'id, role, content, citations, created_at, status, execution_id';

interface SessionRow {
  id: string;
  title: string;
  updated_at: string;
  message_count: number;
}

/** Sessions and messages of chat, in the studio's relational state (SQLite or PostgreSQL). */
export class ChatStore {
  constructor(private readonly sql: Sql) {}

  async createSession(session: { id: string; title: string; userId: string; at: string }): Promise<void> {
    await this.sql.run(
      'INSERT INTO chat_sessions (id, title, user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      [session.id, session.title, session.userId, session.at, session.at],
    );
  }

  /** A session that exists and is not deleted. */
  async sessionExists(id: string): Promise<boolean> {
    return (
      (await this.sql.get('SELECT 1 AS found FROM chat_sessions WHERE id = ? AND deleted_at IS NULL', [id])) !==
      undefined
    );
  }

  /** One session's summary, or undefined for an unknown id. */
  async sessionSummary(id: string): Promise<ChatSessionSummary | undefined> {
    const row = await this.sql.get<SessionRow>(
      `SELECT s.id, s.title, s.updated_at, (SELECT COUNT(*) FROM chat_messages m WHERE m.session_id = s.id) AS message_count
       FROM chat_sessions s WHERE s.id = ?`,
      [id],
    );
    return row ? toSummary(row) : undefined;
  }

  /** Renames a live session; false when there is none. */
  async renameSession(id: string, title: string): Promise<boolean> {
    const { changes } = await this.sql.run('UPDATE chat_sessions SET title = ? WHERE id = ? AND deleted_at IS NULL', [
      title,
      id,
    ]);
    return changes > 0;
  }

  /** Hides a session (`at`) or brings a hidden one back (null); false when there is no such session. */
  async markDeleted(id: string, at: string | null): Promise<boolean> {
    const { changes } = await this.sql.run(
      `UPDATE chat_sessions SET deleted_at = ? WHERE id = ? AND deleted_at IS ${at === null ? 'NOT NULL' : 'NULL'}`,
      [at, id],
    );
    return changes > 0;
  }

  /** Removes for good the sessions deleted before `before` (their messages and executions cascade). */
  async purgeDeleted(before: string): Promise<number> {
    await this.sql.run(
      `DELETE FROM chat_messages WHERE session_id IN (SELECT id FROM chat_sessions WHERE deleted_at IS NOT NULL AND deleted_at < ?)`,
      [before],
    );
    await this.sql.run(
      `DELETE FROM executions WHERE session_id IN (SELECT id FROM chat_sessions WHERE deleted_at IS NOT NULL AND deleted_at < ?)`,
      [before],
    );
    const { changes } = await this.sql.run(
      'DELETE FROM chat_sessions WHERE deleted_at IS NOT NULL AND deleted_at < ?',
      [before],
    );
    return changes;
  }

  /** The user a session belongs to, or undefined for an unknown session. */
  async sessionUser(id: string): Promise<string | undefined> {
    const row = await this.sql.get<{ user_id: string }>('SELECT user_id FROM chat_sessions WHERE id = ?', [id]);
    return row?.user_id;
  }

  async addMessage(message: {
    id: string;
    sessionId: string;
    role: ChatMessage['role'];
    content: string;
    citations?: Citation[];
    executionId?: string;
    at: string;
  }): Promise<void> {
    await this.sql.transaction(async () => {
      await this.sql.run(
        'INSERT INTO chat_messages (id, session_id, role, content, citations, execution_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [
          message.id,
          message.sessionId,
          message.role,
          message.content,
          JSON.stringify(message.citations ?? []),
          message.executionId ?? null,
          message.at,
        ],
      );
      await this.sql.run('UPDATE chat_sessions SET updated_at = ? WHERE id = ?', [message.at, message.sessionId]);
    });
  }

  /**
   * Stores an answer as it stands: inserted on its first save, rewritten by later ones. `status`
   * unset means the whole answer; 'streaming' a partial one still being written.
   */
  async saveAnswer(answer: {
    id: string;
    sessionId: string;
    content: string;
    citations: Citation[];
    executionId: string;
    status?: ChatMessageStatus;
    at: string;
  }): Promise<void> {
    await this.sql.transaction(async () => {
      await this.sql.run(
        `INSERT INTO chat_messages (id, session_id, role, content, citations, execution_id, created_at, status)
         VALUES (?, ?, 'assistant', ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET content = excluded.content, citations = excluded.citations, status = excluded.status`,
        [
          answer.id,
          answer.sessionId,
          answer.content,
          JSON.stringify(answer.citations),
          answer.executionId,
          answer.at,
          answer.status ?? null,
        ],
      );
      await this.sql.run('UPDATE chat_sessions SET updated_at = ? WHERE id = ?', [answer.at, answer.sessionId]);
    });
  }

  /** All messages of a session, oldest first. */
  async history(sessionId: string): Promise<ChatMessage[]> {
    const rows = await this.sql.all<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM chat_messages WHERE session_id = ? ORDER BY seq`,
      [sessionId],
    );
    return rows.map(toMessage);
  }

  /**
   * The last `limit` messages before the question `questionId`, oldest first: the conversation an
   * answer to it continues. Unfinished answers are left out; a model should not continue a fragment.
   */
  async messagesBefore(sessionId: string, questionId: string, limit: number): Promise<ChatMessage[]> {
    if (limit <= 0) return [];
    const rows = await this.sql.all<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM chat_messages
       WHERE session_id = ? AND status IS NULL AND seq < (SELECT seq FROM chat_messages WHERE id = ?)
       ORDER BY seq DESC LIMIT ?`,
      [sessionId, questionId, limit],
    );
    return rows.reverse().map(toMessage);
  }

  /** The question a message belongs to: itself for a question, else the question asked just before it. */
  async questionOf(sessionId: string, messageId: string): Promise<{ id: string; content: string } | undefined> {
    return this.sql.get<{ id: string; content: string }>(
      `SELECT id, content FROM chat_messages
       WHERE session_id = ? AND role = 'user' AND seq <= (SELECT seq FROM chat_messages WHERE id = ? AND session_id = ?)
       ORDER BY seq DESC LIMIT 1`,
      [sessionId, messageId, sessionId],
    );
  }

  /** Answers left 'streaming' by executions that are no longer running: records them as interrupted. */
  async settleStreamingAnswers(): Promise<number> {
    const { changes } = await this.sql.run(
      `UPDATE chat_messages SET status = 'interrupted'
       WHERE status = 'streaming'
         AND NOT EXISTS (SELECT 1 FROM executions e WHERE e.id = chat_messages.execution_id AND e.status = 'running')`,
    );
    return changes;
  }

  /**
   * Live sessions, most recently active first, optionally only those whose title contains `query`;
   * the cursor is the last item's `updatedAt|id`.
   */
  async sessions(
    limit: number,
    cursor?: string,
    query?: string,
  ): Promise<{ items: ChatSessionSummary[]; nextCursor: string | null }> {
    // Conditions are added only when used: PostgreSQL cannot type a parameter only compared with NULL.
    const after = cursor ? splitCursor(cursor) : undefined;
    const conditions = ['s.deleted_at IS NULL'];
    const values: SqlValue[] = [];
    if (after) {
      conditions.push('(s.updated_at < ? OR (s.updated_at = ? AND s.id < ?))');
      values.push(after[0], after[0], after[1]);
    }
    if (query) {
      conditions.push("LOWER(s.title) LIKE ? ESCAPE '\\'");
      values.push(`%${query.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`);
    }
    const rows = await this.sql.all<SessionRow>(
      `SELECT s.id, s.title, s.updated_at, (SELECT COUNT(*) FROM chat_messages m WHERE m.session_id = s.id) AS message_count
       FROM chat_sessions s
       WHERE ${conditions.join(' AND ')}
       ORDER BY s.updated_at DESC, s.id DESC
       LIMIT ?`,
      [...values, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toSummary),
      nextCursor: rows.length > limit && last ? `${last.updated_at}|${last.id}` : null,
    };
  }
}

function toMessage(row: MessageRow): ChatMessage {
  return {
    id: row.id,
    role: row.role,
    content: row.content,
    citations: JSON.parse(row.citations) as Citation[],
    createdAt: row.created_at,
    ...(row.status ? { status: row.status } : {}),
  };
}

function toSummary(row: SessionRow): ChatSessionSummary {
  return {
    sessionId: row.id,
    title: row.title,
    updatedAt: row.updated_at,
    // PostgreSQL's COUNT is a bigint, read back as text.
    messageCount: Number(row.message_count),
  };
}

function splitCursor(cursor: string): [string, string] {
  const separator = cursor.lastIndexOf('|');
  return separator < 0 ? [cursor, ''] : [cursor.slice(0, separator), cursor.slice(separator + 1)];
}
