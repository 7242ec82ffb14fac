import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';

/**
 * Vitest global setup: after a package's run, drop the PostgreSQL schemas and Redis keys its tests
 * created — named after this run (`t_<run>_…` schemas, `test-<run>-…` key prefixes), so concurrent
 * runs never remove each other's — and the machine's shared servers do not fill up run after run.
 */
export default function setup(): () => Promise<void> {
  // Inherited by the test workers, which name their schemas and key prefixes after it.
  const run = randomBytes(4).toString('hex');
  process.env.STUDIO_TEST_RUN = run;
  return async () => {
    await dropSchemas(run).catch(() => undefined);
    await dropRedisKeys(run).catch(() => undefined);
  };
}

async function dropSchemas(run: string): Promise<void> {
  const client = new pg.Client({
    connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      'SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)',
      [`t_${run}_`],
    );
    for (const { name } of rows) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  } finally {
    await client.end();
  }
}

async function dropRedisKeys(run: string): Promise<void> {
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `test-${run}-*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
