import type { Migration } from '../store/migration';

/** Plan executions: one row each, the plan graph with every task's state kept as JSON beside it. */
export const agentsMigrations: readonly Migration[] = [
  {
    id: '0400_agent_executions',
    sql: `
      CREATE TABLE agent_executions (
        id TEXT PRIMARY KEY,
        session_id TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('direct', 'plan', 'workflow')),
        workflow TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled', 'interrupted')),
        tokens_used INTEGER NOT NULL DEFAULT 0,
        token_budget INTEGER NOT NULL,
        tasks TEXT NOT NULL DEFAULT '[]',
        request TEXT,
        answer TEXT,
        citations TEXT,
        error TEXT,
        created_at TEXT NOT NULL,
        finished_at TEXT,
        seq INTEGER NOT NULL
      );
      CREATE INDEX agent_executions_by_seq ON agent_executions (seq DESC);
      CREATE INDEX agent_executions_by_session ON agent_executions (session_id, seq DESC);
      CREATE INDEX agent_executions_by_status ON agent_executions (status);
    `,
  },
];
