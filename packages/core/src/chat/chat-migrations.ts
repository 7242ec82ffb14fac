import { withAutoId, type Migration } from '../store/migration';

const SESSIONS = `
      CREATE TABLE chat_sessions (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        user_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX chat_sessions_by_update ON chat_sessions (updated_at DESC, id DESC);`;

const EXECUTIONS = `
      CREATE TABLE chat_executions (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
        assistant_message_id TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('llm', 'offline')),
        status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled', 'interrupted')),
        tokens_used INTEGER NOT NULL DEFAULT 0,
        error_code TEXT,
        error_message TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX chat_executions_by_status ON chat_executions (status);`;

/** Messages keep their order by `seq`, an auto-numbered key. */
const messages = (seq: string) => `
      CREATE TABLE chat_messages (
        seq ${seq},
        id TEXT NOT NULL UNIQUE,
        session_id TEXT NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
        content TEXT NOT NULL,
        citations TEXT NOT NULL DEFAULT '[]',
        execution_id TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX chat_messages_by_session ON chat_messages (session_id, seq);`;

/** Chat sessions, their messages (with citations as JSON) and one row per answer execution. */
export const chatMigrations: readonly Migration[] = [
  withAutoId('0200_chat', (autoId) => SESSIONS + messages(autoId) + EXECUTIONS),
  {
    // The server process running an execution, so that startup recovery with several processes
    // interrupts only a dead process's answers. '' marks rows written before owners were kept.
    id: '0201_chat_execution_owner',
    sql: `
      ALTER TABLE chat_executions ADD COLUMN owner TEXT NOT NULL DEFAULT '';
      DROP INDEX chat_executions_by_status;
      CREATE INDEX chat_executions_running_owner ON chat_executions (status, owner);
    `,
  },
  {
    // An answer is stored while it streams, so a crash keeps its partial text: NULL is a whole answer,
    // else 'streaming', 'interrupted', 'failed' or 'cancelled'.
    id: '0202_chat_message_status',
    sql: `ALTER TABLE chat_messages ADD COLUMN status TEXT;`,
  },
  {
    // A deleted session is hidden first (deleted_at set) so that the user can undo; it is purged later.
    id: '0210_chat_session_deleted_at',
    sql: `ALTER TABLE chat_sessions ADD COLUMN deleted_at TEXT;`,
  },
];
