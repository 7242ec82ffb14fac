/** A value a statement can bind: booleans are stored as 0/1 and dates as ISO strings by the stores. */
export type SqlValue = string | number | bigint | null | Buffer;

/**
 * The studio's relational state, behind one async interface so that the same store code runs on
 * SQLite (one process, the default) and PostgreSQL (DATABASE_URL, several processes).
 *
 * Statements use `?` placeholders. Column aliases that are not lower case must be quoted
 * (`file_id AS "fileId"`): PostgreSQL folds unquoted identifiers to lower case.
 *
 * `transaction` runs its callback in one transaction; every query made through this `Sql` inside
 * the callback's async context — by any store — joins it, so stores compose without passing handles.
 */
export interface Sql {
  readonly dialect: 'sqlite' | 'postgres';
  all<T>(text: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(text: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  run(text: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /** Runs several statements (schema changes); no parameters. */
  exec(text: string): Promise<void>;
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `IN (…)` placeholders for a list of values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
