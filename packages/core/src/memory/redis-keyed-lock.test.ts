import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createConsoleLogger } from '../logger';
import { RedisKeyedLock } from './redis-keyed-lock';

const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const namespace = `studio-lock-test-${randomBytes(4).toString('hex')}`;
const logger = createConsoleLogger('silent');
const admin = new Redis(url);
const opened: RedisKeyedLock[] = [];

/** A lock on its own Redis connection: what each server process holds. */
async function lockProcess(leaseMs?: number): Promise<RedisKeyedLock> {
  const lock = await RedisKeyedLock.connect(url, namespace, logger, { leaseMs, pollMs: 5, maxPollMs: 20 });
  opened.push(lock);
  return lock;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

afterAll(async () => {
  await Promise.all(opened.map((lock) => lock.close()));
  const keys = await admin.keys(`${namespace}:*`);
  if (keys.length > 0) await admin.del(...keys);
  await admin.quit();
});

describe('RedisKeyedLock: one task per key across processes', () => {
  it('never runs two tasks of one key at once, whichever process they come from', async () => {
    const [a, b] = [await lockProcess(), await lockProcess()];
    let active = 0;
    let most = 0;
    const ran: string[] = [];
    const task = (name: string) => async () => {
      active += 1;
      most = Math.max(most, active);
      // Real round trips, so the other process gets every chance to slip in.
      for (let step = 0; step < 3; step += 1) await admin.ping();
      ran.push(name);
      active -= 1;
    };
    await Promise.all(
      Array.from({ length: 6 }, (_, index) => (index % 2 === 0 ? a : b).run('user-1', task(`task-${index}`))),
    );
    expect(most).toBe(1);
    expect(ran.sort()).toEqual(['task-0', 'task-1', 'task-2', 'task-3', 'task-4', 'task-5']);
    expect(await admin.exists(`${namespace}:user-1`)).toBe(0);
  });

  it('lets other keys run while one is held', async () => {
    const [a, b] = [await lockProcess(), await lockProcess()];
    const release = deferred();
    const held = a.run('user-2', () => release.promise);
    await expect(b.run('user-3', async () => 'done')).resolves.toBe('done');
    release.resolve();
    await held;
  });

  it('takes over a lock whose holder died once its lease lapses', async () => {
    const b = await lockProcess();
    // A holder that died without releasing: its key stays only as long as its lease.
    await admin.set(`${namespace}:user-4`, 'dead-holder', 'PX', 150);
    await expect(b.run('user-4', async () => 'ran')).resolves.toBe('ran');
  });

  it('never releases a lock another process took after its own lease lapsed', async () => {
    const [a, b] = [await lockProcess(), await lockProcess()];
    const key = `${namespace}:user-5`;
    const bStarted = deferred();
    const bMayFinish = deferred();
    let bRun: Promise<unknown> | undefined;
    await a.run('user-5', async () => {
      // A's lease lapses (a long pause, a partition): B takes the lock while A still runs.
      await admin.del(key);
      bRun = b.run('user-5', async () => {
        bStarted.resolve();
        await bMayFinish.promise;
      });
      await bStarted.promise;
    });
    // A finished and released with its token: B's lock is still there.
    expect(await admin.exists(key)).toBe(1);
    bMayFinish.resolve();
    await bRun;
    expect(await admin.exists(key)).toBe(0);
  });

  it('gives up waiting when its signal aborts', async () => {
    const [a, b] = [await lockProcess(), await lockProcess()];
    const release = deferred();
    const held = a.run('user-6', () => release.promise);
    const controller = new AbortController();
    const waiting = b.run('user-6', async () => 'never', controller.signal);
    controller.abort(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
    release.resolve();
    await held;
  });
});
