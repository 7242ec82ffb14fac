import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { Sql, SqlValue } from './sql';

// COUNT(*) and BIGINT columns arrive as strings by default; the studio's counts fit a double.
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * `Sql` on a PostgreSQL pool. A transaction takes one client for its whole async context; every
 * statement issued inside that context — by any store — runs on it.
 */
export class PostgresSql implements Sql {
  readonly dialect = 'postgres' as const;
  private readonly client = new AsyncLocalStorage<pg.PoolClient>();

  constructor(readonly pool: pg.Pool) {}

  async all<T>(text: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.query(text, params)).rows as T[];
  }

  async get<T>(text: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.query(text, params)).rows[0] as T | undefined;
  }

  async run(text: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return { changes: (await this.query(text, params)).rowCount ?? 0 };
  }

  async exec(text: string): Promise<void> {
    await (this.client.getStore() ?? this.pool).query(text);
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.client.getStore()) return fn();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await this.client.run(client, fn);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private query(text: string, params: readonly SqlValue[]): Promise<pg.QueryResult> {
    const runner = this.client.getStore() ?? this.pool;
    return runner.query({ text: numberedPlaceholders(text), values: params as unknown[], types });
  }
}

const converted = new Map<string, string>();

/** `?` → `$1, $2, …`, leaving question marks inside quoted strings and identifiers alone. */
export function numberedPlaceholders(text: string): string {
  const cached = converted.get(text);
  if (cached !== undefined) return cached;
  let out = '';
  let index = 0;
  let quote: string | undefined;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
      out += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      out += char;
    } else if (char === '?') {
      index += 1;
      out += `$${index}`;
    } else {
      out += char;
    }
  }
  if (converted.size < 2000) converted.set(text, out);
  return out;
}

/**
 * A pool on DATABASE_URL. `schema`, when given, is created if missing and put first on the search
 * path of every connection (tests give each run its own schema in one database).
 */
export async function openPostgres(url: string, options: { schema?: string; max?: number } = {}): Promise<PostgresSql> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  if (options.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema.replaceAll('"', '')}"`);
  return new PostgresSql(pool);
}
