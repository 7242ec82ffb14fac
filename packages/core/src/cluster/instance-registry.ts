import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * Which server processes are alive. Work a process owned (an answer, an ingestion job) is only
 * recovered by another when its owner is gone — with one process, "gone" means "not me".
 */
export interface InstanceRegistry {
  readonly instanceId: string;
  isAlive(instanceId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** One process: only this one is alive. */
export class LocalInstanceRegistry implements InstanceRegistry {
  readonly instanceId = randomUUID();

  async isAlive(instanceId: string): Promise<boolean> {
    return instanceId === this.instanceId;
  }

  async close(): Promise<void> {}
}

const HEARTBEAT_MS = 3000;
const EXPIRES_MS = 10_000;

/** Several processes: each keeps a Redis key with a short expiry alive while it runs. */
export class RedisInstanceRegistry implements InstanceRegistry {
  readonly instanceId = randomUUID();
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.timer = setInterval(() => void this.beat().catch(() => undefined), HEARTBEAT_MS);
    this.timer.unref();
  }

  static async connect(url: string, prefix = 'studio'): Promise<RedisInstanceRegistry> {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    await redis.connect();
    const registry = new RedisInstanceRegistry(redis, prefix);
    await registry.beat();
    return registry;
  }

  async isAlive(instanceId: string): Promise<boolean> {
    if (instanceId === this.instanceId) return true;
    return (await this.redis.exists(this.key(instanceId))) === 1;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.del(this.key(this.instanceId)).catch(() => undefined);
    await this.redis.quit().catch(() => undefined);
  }

  private async beat(): Promise<void> {
    await this.redis.set(this.key(this.instanceId), String(process.pid), 'PX', EXPIRES_MS);
  }

  private key(instanceId: string): string {
    return `${this.prefix}:instances:${instanceId}`;
  }
}
