import type { Sql } from '../store/sql';

/** One recorded change, in the row shape Mem0's history managers return. */
export interface HistoryRow {
  id: number;
  memory_id: string;
  previous_value: string | null;
  new_value: string | null;
  action: string;
  created_at: string | null;
  updated_at: string | null;
  is_deleted: number;
}

/** Messages Mem0 keeps per scope as context for its next inference. */
const KEPT_MESSAGES = 10;

/**
 * Mem0's history manager (its `addHistory` / `getHistory` / recent-messages interface) on the studio's
 * database, so the history lives in PostgreSQL when DATABASE_URL is set. Mem0 ships SQLite, Supabase and
 * in-memory history only; the store builds Mem0 with `disableHistory` and puts this one in its place.
 */
export class SqlMemoryHistory {
  constructor(private readonly sql: Sql) {}

  async addHistory(
    memoryId: string,
    previousValue: string | null,
    newValue: string | null,
    action: string,
    createdAt?: string,
    updatedAt?: string,
    isDeleted = 0,
  ): Promise<void> {
    await this.sql.run(
      `INSERT INTO memory_history (memory_id, previous_value, new_value, action, created_at, updated_at, is_deleted)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [memoryId, previousValue, newValue, action, createdAt ?? null, updatedAt ?? null, isDeleted],
    );
  }

  /** Newest first, as Mem0's SQLite manager answers. */
  async getHistory(memoryId: string): Promise<HistoryRow[]> {
    const rows = await this.sql.all<Omit<HistoryRow, 'id'> & { seq: number | string }>(
      `SELECT seq, memory_id, previous_value, new_value, action, created_at, updated_at, is_deleted
       FROM memory_history WHERE memory_id = ? ORDER BY seq DESC`,
      [memoryId],
    );
    // PostgreSQL returns BIGINT identities as strings.
    return rows.map(({ seq, ...row }) => ({ ...row, id: Number(seq), is_deleted: Number(row.is_deleted) }));
  }

  async saveMessages(
    messages: { role: string; content: string; name?: string }[],
    sessionScope: string,
  ): Promise<void> {
    if (messages.length === 0) return;
    const now = new Date().toISOString();
    await this.sql.transaction(async () => {
      for (const message of messages) {
        await this.sql.run(
          'INSERT INTO memory_messages (session_scope, role, content, name, created_at) VALUES (?, ?, ?, ?, ?)',
          [sessionScope, message.role, message.content, message.name ?? null, now],
        );
      }
      await this.sql.run(
        `DELETE FROM memory_messages WHERE session_scope = ? AND seq NOT IN (
           SELECT seq FROM (
             SELECT seq FROM memory_messages WHERE session_scope = ? ORDER BY seq DESC LIMIT ${KEPT_MESSAGES}
           ) AS kept
         )`,
        [sessionScope, sessionScope],
      );
    });
  }

  /** The scope's last `limit` messages, oldest first. */
  async getLastMessages(
    sessionScope: string,
    limit = KEPT_MESSAGES,
  ): Promise<{ role: string; content: string; name?: string; createdAt: string }[]> {
    const rows = await this.sql.all<{ role: string; content: string; name: string | null; created_at: string }>(
      `SELECT role, content, name, created_at FROM memory_messages WHERE session_scope = ? ORDER BY seq DESC LIMIT ?`,
      [sessionScope, limit],
    );
    return rows.reverse().map((row) => ({
      role: row.role,
      content: row.content,
      ...(row.name !== null ? { name: row.name } : {}),
      createdAt: row.created_at,
    }));
  }

  /** Mem0's `reset()` clears every memory; the studio never calls it, and keeps its record. */
  async reset(): Promise<void> {}

  close(): void {}
}
