import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allMigrations } from '../all-migrations';
import { openDatabase, type StateLocation } from '../store/database';
import type { Sql } from '../store/sql';
import { testPostgresUrl, uniqueSchema } from '../store/test-support/postgres';
import { ExecutionStore } from './execution-store';

/** The schema as it stood before the executions table: chat's and the agents' tables side by side. */
const before = allMigrations.filter((migration) => migration.id < '0500');
const dir = mkdtempSync(join(tmpdir(), 'studio-executions-migration-'));
const schemas: string[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (schemas.length === 0) return;
  const sql = await openDatabase({ file: '', databaseUrl: testPostgresUrl() }, []);
  for (const schema of schemas) await sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await sql.close();
});

const locations: [string, () => StateLocation][] = [
  ['sqlite', () => ({ file: join(dir, `${Math.random().toString(36).slice(2)}.db`) })],
  [
    'postgres',
    () => {
      const schema = uniqueSchema('executions_migration');
      schemas.push(schema);
      return { file: '', databaseUrl: testPostgresUrl(), schema };
    },
  ],
];

const TASKS = JSON.stringify([
  {
    id: 'task_1',
    name: 'Find',
    description: 'find',
    dependencies: [],
    expectedOutput: 'facts',
    successCriteria: 'sourced',
    assignedAgent: 'researcher',
    complexity: 2,
    status: 'completed',
    attempts: 1,
    output: 'found',
  },
]);

/** Rows as the old tables held them: a planned answer in both, a direct answer and a bare plan in one each. */
async function seedLegacy(sql: Sql): Promise<void> {
  await sql.run(
    "INSERT INTO chat_sessions (id, title, user_id, created_at, updated_at) VALUES ('s1', 'T', 'u', 'a', 'a')",
  );
  const chat = `INSERT INTO chat_executions (id, session_id, assistant_message_id, mode, status, tokens_used, error_code,
    error_message, started_at, finished_at, owner) VALUES (?, 's1', ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  await sql.run(chat, [
    'planned',
    'm-planned',
    'llm',
    'completed',
    30,
    null,
    null,
    '2026-01-01T10:00:00Z',
    '2026-01-01T10:00:09Z',
    'p1',
  ]);
  await sql.run(chat, [
    'direct',
    'm-direct',
    'offline',
    'failed',
    5,
    'LLM_DOWN',
    'no model',
    '2026-01-01T09:00:00Z',
    '2026-01-01T09:00:01Z',
    'p1',
  ]);
  await sql.run(chat, [
    'died',
    'm-died',
    'llm',
    'interrupted',
    0,
    'INTERRUPTED',
    'gone',
    '2026-01-01T11:00:00Z',
    '2026-01-01T11:05:00Z',
    'p2',
  ]);
  const agents = `INSERT INTO agent_executions (id, session_id, kind, workflow, status, tokens_used, token_budget, tasks,
    request, answer, citations, error, created_at, finished_at, seq, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  await sql.run(agents, [
    'planned',
    's1',
    'plan',
    null,
    'completed',
    30,
    800,
    TASKS,
    'Find it',
    'found',
    '[]',
    null,
    '2026-01-01T10:00:01Z',
    '2026-01-01T10:00:08Z',
    1,
    'p1',
  ]);
  await sql.run(agents, [
    'bare',
    null,
    'workflow',
    'research',
    'failed',
    7,
    800,
    '[]',
    'Research',
    null,
    null,
    'no task completed',
    '2026-01-01T10:30:00Z',
    '2026-01-01T10:31:00Z',
    2,
    'p1',
  ]);
  // Its owner died after the answer's row was finished, before the plan's was.
  await sql.run(agents, [
    'died',
    's1',
    'plan',
    null,
    'running',
    0,
    800,
    TASKS,
    'Again',
    null,
    null,
    null,
    '2026-01-01T11:00:01Z',
    null,
    3,
    'p2',
  ]);
}

describe.each(locations)('migration 0500 (one executions table) on %s', (_name, location) => {
  it('carries every row of both old tables over, one row per execution, and drops them', async () => {
    const where = location();
    const old = await openDatabase(where, before);
    await seedLegacy(old);
    await old.close();

    const sql = await openDatabase(where, allMigrations);
    try {
      const store = new ExecutionStore(sql, 'me');
      expect(await store.get('planned')).toMatchObject({
        kind: 'plan',
        sessionId: 's1',
        status: 'completed',
        tokensUsed: 30,
        tokenBudget: 800,
        request: 'Find it',
        answer: 'found',
        tasks: [{ id: 'task_1', status: 'completed', output: 'found' }],
      });
      expect(await sql.get('SELECT message_id, mode, owner FROM executions WHERE id = ?', ['planned'])).toEqual({
        message_id: 'm-planned',
        mode: 'llm',
        owner: 'p1',
      });
      expect(await store.get('direct')).toEqual({
        executionId: 'direct',
        sessionId: 's1',
        kind: 'direct',
        status: 'failed',
        tokensUsed: 5,
        tokenBudget: 0,
        tasks: [],
        error: 'LLM_DOWN: no model',
        createdAt: '2026-01-01T09:00:00Z',
        finishedAt: '2026-01-01T09:00:01Z',
      });
      expect(await store.get('bare')).toMatchObject({
        kind: 'workflow',
        workflow: 'research',
        error: 'no task completed',
      });
      expect(await store.get('died')).toMatchObject({
        status: 'interrupted',
        error: 'INTERRUPTED: gone',
        finishedAt: '2026-01-01T11:05:00Z',
      });
      expect(Number((await sql.get<{ count: number }>('SELECT COUNT(*) AS count FROM executions'))?.count)).toBe(4);
      // Plans keep their order; a new one goes after them.
      await store.save({ ...(await store.get('bare')), executionId: 'new', status: 'running' });
      expect((await store.list({})).items.map((item) => item.executionId)).toEqual(['new', 'died', 'bare', 'planned']);
      await expect(sql.get('SELECT 1 FROM chat_executions')).rejects.toThrow();
      await expect(sql.get('SELECT 1 FROM agent_executions')).rejects.toThrow();
    } finally {
      await sql.close();
    }
  });
});
