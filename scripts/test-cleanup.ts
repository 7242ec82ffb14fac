import pg from 'pg';
import { Redis } from 'ioredis';

/**
 * Vitest global setup: after a package's run, drop the PostgreSQL schemas and Redis keys its tests
 * created (schemas are named `t_<prefix>_<base-36 ms>_<hex>`, Redis prefixes `test-<hex>`), so the
 * machine's shared servers do not fill up run after run.
 */
export default function setup(): () => Promise<void> {
  const startedAt = Date.now();
  return async () => {
    await dropSchemas(startedAt).catch(() => undefined);
    await dropRedisKeys().catch(() => undefined);
  };
}

async function dropSchemas(startedAt: number): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>("SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 't\\_%'");
    for (const { name } of rows) {
      const createdAt = parseInt(name.split('_').at(-2) ?? '', 36);
      if (Number.isFinite(createdAt) && createdAt >= startedAt - 1000) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    }
  } finally {
    await client.end();
  }
}

async function dropRedisKeys(): Promise<void> {
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', 'test-*', 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
