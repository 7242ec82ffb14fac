import { withAutoId, type Migration } from '../store/migration';

/**
 * The Memory Manager's own index beside Mem0: Mem0's stores hold content, vectors and history;
 * this table holds what Mem0 cannot answer cheaply (ordering, totals, per-type counts, last access).
 */
export const memoryMigrations: Migration[] = [
  withAutoId(
    '0300_memory_index',
    (autoId) => `CREATE TABLE memory_index (
      seq ${autoId},
      id TEXT NOT NULL UNIQUE,
      user_id TEXT NOT NULL,
      type TEXT NOT NULL CHECK (type IN ('profile', 'fact', 'conversation')),
      slot TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      last_accessed_at TEXT NOT NULL
    );
    CREATE INDEX memory_index_created ON memory_index (created_at, seq);
    CREATE INDEX memory_index_user_type ON memory_index (user_id, type, created_at, seq);
    CREATE INDEX memory_index_type ON memory_index (type, created_at, seq);
    CREATE UNIQUE INDEX memory_index_slot ON memory_index (user_id, slot) WHERE slot IS NOT NULL;
    CREATE TABLE memory_meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );`,
  ),
];
