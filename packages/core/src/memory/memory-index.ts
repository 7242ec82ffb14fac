import type { MemoryType } from '@studio/shared';
import { placeholders, type Sql } from '../store/sql';

/** One row of the index: everything about a memory except its content and vector (those are Mem0's). */
export interface IndexRow {
  seq: number;
  id: string;
  userId: string;
  type: MemoryType;
  slot: string | null;
  createdAt: string;
  updatedAt: string;
  lastAccessedAt: string;
}

/** Which rows an operation addresses; an omitted field matches everything. */
export interface IndexScope {
  userId?: string;
  type?: MemoryType;
}

interface RawRow {
  seq: number;
  id: string;
  user_id: string;
  type: MemoryType;
  slot: string | null;
  created_at: string;
  updated_at: string;
  last_accessed_at: string;
}

const toRow = (raw: RawRow): IndexRow => ({
  seq: raw.seq,
  id: raw.id,
  userId: raw.user_id,
  type: raw.type,
  slot: raw.slot,
  createdAt: raw.created_at,
  updatedAt: raw.updated_at,
  lastAccessedAt: raw.last_accessed_at,
});

const COLUMNS = 'seq, id, user_id, type, slot, created_at, updated_at, last_accessed_at';
/** Ids per `IN (…)` statement: far below either dialect's limit on bound parameters. */
const ID_BATCH = 500;

/** Ordering, totals, slots and access times of memories, in the studio's database (SQLite or PostgreSQL). */
export class MemoryIndex {
  constructor(private readonly sql: Sql) {}

  async insert(row: Omit<IndexRow, 'seq'>): Promise<void> {
    await this.sql.run(
      `INSERT INTO memory_index (id, user_id, type, slot, created_at, updated_at, last_accessed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [row.id, row.userId, row.type, row.slot, row.createdAt, row.updatedAt, row.lastAccessedAt],
    );
  }

  async get(id: string): Promise<IndexRow | undefined> {
    const raw = await this.sql.get<RawRow>(`SELECT ${COLUMNS} FROM memory_index WHERE id = ?`, [id]);
    return raw && toRow(raw);
  }

  /** Rows for `ids` keyed by id; ids the index lacks are absent (one query for a page of search hits). */
  async getMany(ids: readonly string[]): Promise<Map<string, IndexRow>> {
    const found = new Map<string, IndexRow>();
    for (let start = 0; start < ids.length; start += ID_BATCH) {
      const batch = ids.slice(start, start + ID_BATCH);
      const rows = await this.sql.all<RawRow>(
        `SELECT ${COLUMNS} FROM memory_index WHERE id IN (${placeholders(batch.length)})`,
        batch,
      );
      for (const raw of rows) found.set(raw.id, toRow(raw));
    }
    return found;
  }

  async bySlot(userId: string, slot: string): Promise<IndexRow | undefined> {
    const raw = await this.sql.get<RawRow>(`SELECT ${COLUMNS} FROM memory_index WHERE user_id = ? AND slot = ?`, [
      userId,
      slot,
    ]);
    return raw && toRow(raw);
  }

  async markUpdated(id: string, at: string): Promise<void> {
    await this.sql.run('UPDATE memory_index SET updated_at = ?, last_accessed_at = ? WHERE id = ?', [at, at, id]);
  }

  /** Records a read (get, search hit, recall) for the lru policy and TTLs. */
  async touch(ids: readonly string[], at: string): Promise<void> {
    for (let start = 0; start < ids.length; start += ID_BATCH) {
      const batch = ids.slice(start, start + ID_BATCH);
      await this.sql.run(`UPDATE memory_index SET last_accessed_at = ? WHERE id IN (${placeholders(batch.length)})`, [
        at,
        ...batch,
      ]);
    }
  }

  async delete(id: string): Promise<void> {
    await this.sql.run('DELETE FROM memory_index WHERE id = ?', [id]);
  }

  async count(scope: IndexScope): Promise<number> {
    const { where, params } = scopeClause(scope);
    const row = await this.sql.get<{ total: number }>(`SELECT COUNT(*) AS total FROM memory_index ${where}`, params);
    return row?.total ?? 0;
  }

  /** Rows per type in scope, in one query (health and the UI's counts). */
  async countByType(userId?: string): Promise<Record<MemoryType, number>> {
    const { where, params } = scopeClause({ userId });
    const rows = await this.sql.all<{ type: MemoryType; total: number }>(
      `SELECT type, COUNT(*) AS total FROM memory_index ${where} GROUP BY type`,
      params,
    );
    const counts: Record<MemoryType, number> = { profile: 0, fact: 0, conversation: 0 };
    for (const row of rows) counts[row.type] = row.total;
    return counts;
  }

  /** Newest first; `after` is the (createdAt, seq) of the last row of the previous page. */
  async page(scope: IndexScope, limit: number, after?: { createdAt: string; seq: number }): Promise<IndexRow[]> {
    const { where, params } = scopeClause(scope, after ? ['(created_at < ? OR (created_at = ? AND seq < ?))'] : []);
    const cursorParams = after ? [after.createdAt, after.createdAt, after.seq] : [];
    const rows = await this.sql.all<RawRow>(
      `SELECT ${COLUMNS} FROM memory_index ${where} ORDER BY created_at DESC, seq DESC LIMIT ?`,
      [...params, ...cursorParams, limit],
    );
    return rows.map(toRow);
  }

  /** Every row in scope, oldest first (retention and clear work on these). */
  async all(scope: IndexScope): Promise<IndexRow[]> {
    const { where, params } = scopeClause(scope);
    const rows = await this.sql.all<RawRow>(
      `SELECT ${COLUMNS} FROM memory_index ${where} ORDER BY created_at, seq`,
      params,
    );
    return rows.map(toRow);
  }

  /** The most recently updated rows of one user and type (the profile recall reads). */
  async latest(userId: string, type: MemoryType, limit: number): Promise<IndexRow[]> {
    const rows = await this.sql.all<RawRow>(
      `SELECT ${COLUMNS} FROM memory_index WHERE user_id = ? AND type = ? ORDER BY updated_at DESC, seq DESC LIMIT ?`,
      [userId, type, limit],
    );
    return rows.map(toRow);
  }

  async allIds(): Promise<string[]> {
    return (await this.sql.all<{ id: string }>('SELECT id FROM memory_index')).map((row) => row.id);
  }

  async getMeta(key: string): Promise<string | undefined> {
    const row = await this.sql.get<{ value: string }>('SELECT value FROM memory_meta WHERE key = ?', [key]);
    return row?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.sql.run(
      'INSERT INTO memory_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [key, value],
    );
  }
}

function scopeClause(scope: IndexScope, extra: string[] = []): { where: string; params: string[] } {
  const conditions: string[] = [];
  const params: string[] = [];
  if (scope.userId !== undefined) {
    conditions.push('user_id = ?');
    params.push(scope.userId);
  }
  if (scope.type !== undefined) {
    conditions.push('type = ?');
    params.push(scope.type);
  }
  conditions.push(...extra);
  return { where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}
