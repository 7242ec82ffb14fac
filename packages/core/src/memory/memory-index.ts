import type { MemoryType } from '@studio/shared';
import type { SqliteDatabase } from '../store/database';

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

/** Ordering, totals, slots and access times of memories, in the studio's SQLite file. */
export class MemoryIndex {
  constructor(private readonly db: SqliteDatabase) {}

  insert(row: Omit<IndexRow, 'seq'>): void {
    this.db
      .prepare(
        `INSERT INTO memory_index (id, user_id, type, slot, created_at, updated_at, last_accessed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(row.id, row.userId, row.type, row.slot, row.createdAt, row.updatedAt, row.lastAccessedAt);
  }

  get(id: string): IndexRow | undefined {
    const raw = this.db.prepare('SELECT * FROM memory_index WHERE id = ?').get(id) as RawRow | undefined;
    return raw && toRow(raw);
  }

  bySlot(userId: string, slot: string): IndexRow | undefined {
    const raw = this.db.prepare('SELECT * FROM memory_index WHERE user_id = ? AND slot = ?').get(userId, slot) as RawRow | undefined;
    return raw && toRow(raw);
  }

  markUpdated(id: string, at: string): void {
    this.db.prepare('UPDATE memory_index SET updated_at = ?, last_accessed_at = ? WHERE id = ?').run(at, at, id);
  }

  /** Records a read (get, search hit, recall) for the lru policy and TTLs. */
  touch(ids: readonly string[], at: string): void {
    if (ids.length === 0) return;
    const statement = this.db.prepare('UPDATE memory_index SET last_accessed_at = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const id of ids) statement.run(at, id);
    })();
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM memory_index WHERE id = ?').run(id);
  }

  count(scope: IndexScope): number {
    const { where, params } = scopeClause(scope);
    const row = this.db.prepare(`SELECT COUNT(*) AS total FROM memory_index ${where}`).get(...params) as { total: number };
    return row.total;
  }

  /** Newest first; `after` is the (createdAt, seq) of the last row of the previous page. */
  page(scope: IndexScope, limit: number, after?: { createdAt: string; seq: number }): IndexRow[] {
    const { where, params } = scopeClause(scope, after ? ['(created_at < ? OR (created_at = ? AND seq < ?))'] : []);
    const cursorParams = after ? [after.createdAt, after.createdAt, after.seq] : [];
    const rows = this.db
      .prepare(`SELECT * FROM memory_index ${where} ORDER BY created_at DESC, seq DESC LIMIT ?`)
      .all(...params, ...cursorParams, limit) as RawRow[];
    return rows.map(toRow);
  }

  /** Every row in scope, oldest first (retention and clear work on these). */
  all(scope: IndexScope): IndexRow[] {
    const { where, params } = scopeClause(scope);
    const rows = this.db.prepare(`SELECT * FROM memory_index ${where} ORDER BY created_at, seq`).all(...params) as RawRow[];
    return rows.map(toRow);
  }

  /** The most recently updated rows of one user and type (the profile recall reads). */
  latest(userId: string, type: MemoryType, limit: number): IndexRow[] {
    const rows = this.db
      .prepare('SELECT * FROM memory_index WHERE user_id = ? AND type = ? ORDER BY updated_at DESC, seq DESC LIMIT ?')
      .all(userId, type, limit) as RawRow[];
    return rows.map(toRow);
  }

  allIds(): string[] {
    return (this.db.prepare('SELECT id FROM memory_index').all() as { id: string }[]).map((row) => row.id);
  }

  getMeta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM memory_meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO memory_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
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
