import { withAutoId, type Migration } from '../store/migration';

/**
 * The Memory Manager's own index beside Mem0: Mem0's vector store holds content and vectors;
 * these tables hold what Mem0 cannot answer cheaply (ordering, totals, per-type counts, last access)
 * and Mem0's change history.
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
  // Mem0's change history and its recent-message window, moved from its SQLite file into the
  // studio's database so that processes on different hosts share them (Mem0 has no PostgreSQL history).
  withAutoId(
    '0310_memory_history',
    (autoId) => `CREATE TABLE memory_history (
      seq ${autoId},
      memory_id TEXT NOT NULL,
      previous_value TEXT,
      new_value TEXT,
      action TEXT NOT NULL,
      created_at TEXT,
      updated_at TEXT,
      is_deleted INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX memory_history_memory ON memory_history (memory_id, seq);
    CREATE TABLE memory_messages (
      seq ${autoId},
      session_scope TEXT NOT NULL,
      role TEXT NOT NULL,
      content TEXT NOT NULL,
      name TEXT,
      created_at TEXT NOT NULL
    );
    CREATE INDEX memory_messages_scope ON memory_messages (session_scope, seq);`,
  ),
];
