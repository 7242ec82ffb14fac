import type { Migration } from './migration';
import { openPostgres } from './postgres-sql';
import { runMigrations } from './run-migrations';
import type { Sql } from './sql';
import { openSqlite } from './sqlite-sql';

export interface StateLocation {
  /** SQLite file (or ':memory:'), used when no `databaseUrl` is given. */
  file: string;
  /** PostgreSQL connection string (DATABASE_URL): several processes then share one state. */
  databaseUrl?: string;
  /** PostgreSQL schema to use (created if missing); tests isolate themselves with one. */
  schema?: string;
}

/** Opens the studio's state — PostgreSQL when a URL is given, else SQLite — with its schema up to date. */
export async function openDatabase(location: StateLocation, migrations: readonly Migration[]): Promise<Sql> {
  const sql = location.databaseUrl
    ? await openPostgres(location.databaseUrl, { schema: location.schema })
    : openSqlite(location.file);
  try {
    await runMigrations(sql, migrations);
  } catch (error) {
    await sql.close();
    throw error;
  }
  return sql;
}
