import { describe, expect, it } from 'vitest';
import { LocalInstanceRegistry, RedisInstanceRegistry } from './instance-registry';
import { uniqueRedisPrefix } from '../store/test-support/postgres';

const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('instance registries', () => {
  it('alone, counts only itself alive', async () => {
    const local = new LocalInstanceRegistry();
    expect(await local.isAlive(local.instanceId)).toBe(true);
    expect(await local.isAlive('someone-else')).toBe(false);
  });

  it('on Redis, sees the other processes until they close', async () => {
    const prefix = uniqueRedisPrefix();
    const a = await RedisInstanceRegistry.connect(url, prefix);
    const b = await RedisInstanceRegistry.connect(url, prefix);
    expect(await a.isAlive(b.instanceId)).toBe(true);
    expect(await a.isAlive('never-started')).toBe(false);
    await b.close();
    expect(await a.isAlive(b.instanceId)).toBe(false);
    await a.close();
  });
});
