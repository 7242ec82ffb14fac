import { openDatabase } from '../database';
import type { Migration } from '../migration';
import type { Sql } from '../sql';
import { testPostgresUrl, uniqueSchema } from './postgres';

/** The two dialects a store test runs on, for `describe.each`. */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type Dialect = (typeof DIALECTS)[number];

/**
 * Opens fresh databases (in-memory SQLite, or a PostgreSQL schema of its own) and closes them —
 * dropping the schemas — in `closeAll`, for an `afterAll`.
 */
export function testDatabases(migrations: readonly Migration[], prefix: string) {
  const opened: { sql: Sql; schema?: string }[] = [];
  return {
    async open(dialect: Dialect): Promise<Sql> {
      if (dialect === 'sqlite') {
        const sql = await openDatabase({ file: ':memory:' }, migrations);
        opened.push({ sql });
        return sql;
      }
      const schema = uniqueSchema(prefix);
      const sql = await openDatabase({ file: '', databaseUrl: testPostgresUrl(), schema }, migrations);
      opened.push({ sql, schema });
      return sql;
    },
    /** A second connection pool on the same PostgreSQL schema (another "process"). */
    async openPeer(of: Sql): Promise<Sql> {
      const entry = opened.find((candidate) => candidate.sql === of);
      if (!entry?.schema) throw new Error('only a PostgreSQL database opened here has peers');
      const sql = await openDatabase({ file: '', databaseUrl: testPostgresUrl(), schema: entry.schema }, migrations);
      opened.push({ sql });
      return sql;
    },
    async closeAll(): Promise<void> {
      for (const { sql, schema } of opened.splice(0).reverse()) {
        if (schema) await sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
        await sql.close();
      }
    },
  };
}
