import type { Migration } from './migration';
import type { Sql } from './sql';

/**
 * Applies, in id order and each in its own transaction, the migrations not yet recorded. On
 * PostgreSQL an advisory lock keeps two processes starting together from applying one step twice.
 */
export async function runMigrations(sql: Sql, migrations: readonly Migration[]): Promise<string[]> {
  const ran: string[] = [];
  await sql.transaction(async () => {
    if (sql.dialect === 'postgres') await sql.run('SELECT pg_advisory_xact_lock(7262017)');
    await sql.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`);
    const applied = new Set((await sql.all<{ id: string }>('SELECT id FROM schema_migrations')).map((row) => row.id));
    for (const migration of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
      if (applied.has(migration.id)) continue;
      await sql.exec(sql.dialect === 'postgres' ? (migration.postgres ?? migration.sql) : migration.sql);
      await sql.run('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)', [
        migration.id,
        new Date().toISOString(),
      ]);
      ran.push(migration.id);
    }
  });
  return ran;
}
