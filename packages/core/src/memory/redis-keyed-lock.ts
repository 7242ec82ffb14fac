import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { toError } from '../errors/to-error';
import type { Logger } from '../logger';
import { KeyedQueue, type KeyedLock } from './keyed-queue';

/** Lease and waiting of the cross-process lock (tests shorten them). */
export interface RedisLockTimings {
  /** The lock lapses this long after its holder's last renewal (a dead holder blocks no one longer). */
  leaseMs?: number;
  /** First pause between tries while another process holds the lock; it doubles up to `maxPollMs`. */
  pollMs?: number;
  maxPollMs?: number;
}

// Deletes or extends the lock only while it still holds our token: a holder whose lease lapsed must
// not release (or keep alive) the lock another process has taken since.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * Runs tasks one at a time per key across every process on one Redis: within a process through a
 * KeyedQueue (so its own tasks never contend in Redis), across processes through a Redis key set
 * with NX and a lease that the holder renews while its task runs, released by token compare.
 */
export class RedisKeyedLock implements KeyedLock {
  private readonly local = new KeyedQueue();
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly maxPollMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly logger: Logger,
    timings: RedisLockTimings = {},
  ) {
    this.leaseMs = timings.leaseMs ?? 30_000;
    this.pollMs = timings.pollMs ?? 20;
    this.maxPollMs = timings.maxPollMs ?? 250;
  }

  /** Connects its own Redis client; `namespace` prefixes the lock keys (`<prefix>:memory-capture`). */
  static async connect(
    url: string,
    namespace: string,
    logger: Logger,
    timings?: RedisLockTimings,
  ): Promise<RedisKeyedLock> {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    await redis.connect();
    return new RedisKeyedLock(redis, namespace, logger, timings);
  }

  run<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.local.run(key, () => this.holding(key, task, signal));
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }

  private async holding<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const name = `${this.namespace}:${key}`;
    const token = randomUUID();
    await this.acquire(name, token, signal);
    const renewal = setInterval(
      () => {
        this.redis.eval(EXTEND, 1, name, token, String(this.leaseMs)).then(
          (extended) => {
            if (extended !== 1) this.logger.warn('a cross-process lock lapsed while its task ran', { key });
          },
          (error: unknown) => this.logger.warn('could not renew a cross-process lock', { key, error: String(error) }),
        );
      },
      Math.max(10, Math.floor(this.leaseMs / 3)),
    );
    renewal.unref();
    try {
      return await task();
    } finally {
      clearInterval(renewal);
      await this.redis.eval(RELEASE, 1, name, token).catch((error: unknown) => {
        // Unreleased, it lapses with its lease.
        this.logger.warn('could not release a cross-process lock', { key, error: String(error) });
      });
    }
  }

  private async acquire(name: string, token: string, signal?: AbortSignal): Promise<void> {
    let pause = this.pollMs;
    for (;;) {
      signal?.throwIfAborted();
      if ((await this.redis.set(name, token, 'PX', this.leaseMs, 'NX')) === 'OK') return;
      // Jitter keeps waiting processes from retrying in step.
      await delay(pause / 2 + Math.random() * pause, signal);
      pause = Math.min(pause * 2, this.maxPollMs);
    }
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(toError(signal?.reason));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
