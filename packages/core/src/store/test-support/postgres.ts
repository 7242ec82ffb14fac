import { randomBytes } from 'node:crypto';

/**
 * The PostgreSQL that integration tests use: TEST_DATABASE_URL, else the local server these
 * machines run (127.0.0.1:5432, user postgres, trust).
 */
export function testPostgresUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** A fresh schema name per test, so runs and parallel files never see each other's rows. */
export function uniqueSchema(prefix: string): string {
  return `t_${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}
