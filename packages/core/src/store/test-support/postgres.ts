import { randomBytes } from 'node:crypto';

/**
 * The PostgreSQL that integration tests use: TEST_DATABASE_URL, else the local server these
 * machines run (127.0.0.1:5432, user postgres, trust).
 */
export function testPostgresUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** This test run (set by scripts/test-cleanup.ts, which removes what the run created). */
function runId(): string {
  return process.env.STUDIO_TEST_RUN ?? 'adhoc';
}

/** A fresh schema name per test, so runs and parallel files never see each other's rows. */
export function uniqueSchema(prefix: string): string {
  return `t_${runId()}_${prefix}_${randomBytes(3).toString('hex')}`;
}

/** A fresh Redis key prefix per test, removed with the run's schemas. */
export function uniqueRedisPrefix(): string {
  return `test-${runId()}-${randomBytes(4).toString('hex')}`;
}
