import Database, { type Statement } from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Sql, SqlValue } from './sql';

/**
 * `Sql` on one better-sqlite3 connection. Statements run synchronously (SQLite answers in
 * microseconds; a pool would only add hops) and are compiled once per text. A transaction holds
 * the connection: statements from outside its async context wait until it ends, so they never
 * land inside someone else's transaction.
 */
export class SqliteSql implements Sql {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Statement<unknown[]>>();
  private readonly inTransaction = new AsyncLocalStorage<true>();
  private held?: Promise<void>;

  constructor(readonly db: Database.Database) {}

  async all<T>(text: string, params: readonly SqlValue[] = []): Promise<T[]> {
    if (this.held) await this.turn();
    return this.statement(text).all(...params) as T[];
  }

  async get<T>(text: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    if (this.held) await this.turn();
    return this.statement(text).get(...params) as T | undefined;
  }

  async run(text: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    if (this.held) await this.turn();
    return { changes: this.statement(text).run(...params).changes };
  }

  async exec(text: string): Promise<void> {
    if (this.held) await this.turn();
    this.db.exec(text);
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction.getStore()) return fn();
    while (this.held) await this.held;
    let release!: () => void;
    this.held = new Promise((resolve) => (release = resolve));
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await this.inTransaction.run(true, fn);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      this.held = undefined;
      release();
    }
  }

  async close(): Promise<void> {
    while (this.held) await this.held;
    this.db.close();
  }

  /** Waits while another async context holds the connection in a transaction (callers skip it when none is open). */
  private async turn(): Promise<void> {
    if (this.inTransaction.getStore()) return;
    while (this.held) await this.held;
  }

  private statement(text: string): Statement<unknown[]> {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}

/** Opens (creating if needed) a SQLite file tuned for the studio; run migrations on the result. */
export function openSqlite(file: string): SqliteSql {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL keeps readers off the writer's back; NORMAL sync is durable across process crashes.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return new SqliteSql(db);
}
