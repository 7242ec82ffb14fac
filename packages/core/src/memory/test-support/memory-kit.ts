import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type MemoryConfig } from '@studio/shared';
import type { Clock } from '../../clock';
import { HashingEmbedder } from '../../embedding/hashing-embedder';
import { createConsoleLogger } from '../../logger';
import { openDatabase } from '../../store/database';
import type { Sql } from '../../store/sql';
import { allMigrations } from '../../all-migrations';
import { testPostgresUrl, uniqueSchema } from '../../store/test-support/postgres';
import { memoryMigrations } from '../memory-migrations';
import { Mem0MemoryStore } from '../mem0-memory-store';
import { MemoryManager } from '../memory-manager';
import type { Timer } from '../retention-scheduler';

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start = '2026-01-01T00:00:00.000Z') {
    this.current = Date.parse(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }

  advanceDays(days: number): void {
    this.advance(days * 86_400_000);
  }
}

/** A timer that fires only when the test says so. */
export class ManualTimer implements Timer {
  readonly scheduled: { callback: () => void; delayMs: number }[] = [];

  set(callback: () => void, delayMs: number): unknown {
    const entry = { callback, delayMs };
    this.scheduled.push(entry);
    return entry;
  }

  clear(handle: unknown): void {
    const index = this.scheduled.indexOf(handle as (typeof this.scheduled)[number]);
    if (index >= 0) this.scheduled.splice(index, 1);
  }

  /** Runs the oldest pending callback. */
  fire(): void {
    const next = this.scheduled.shift();
    if (!next) throw new Error('nothing is scheduled');
    next.callback();
  }
}

export interface MemoryKit {
  dir: string;
  db: Sql;
  manager: MemoryManager;
  store: Mem0MemoryStore;
  config: MemoryConfig;
  clock: ManualClock;
  timer: ManualTimer;
  close(): Promise<void>;
}

/** Where a kit keeps the memory index: SQLite in its folder (the default) or a fresh PostgreSQL schema. */
export type KitDialect = 'sqlite' | 'postgres';

/** A Memory Manager on the real Mem0 and SQLite (or PostgreSQL) in a temporary folder, with a hand-moved clock. */
export async function createMemoryKit(
  options: { llm?: { baseURL: string; model?: string }; dir?: string; dialect?: KitDialect } = {},
): Promise<MemoryKit> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'studio-memory-'));
  const db =
    options.dialect === 'postgres'
      ? // Only memory's own tables: the kit must not depend on other domains' schemas.
        await openDatabase(
          { file: '', databaseUrl: testPostgresUrl(), schema: uniqueSchema('memkit') },
          memoryMigrations,
        )
      : await openDatabase({ file: join(dir, 'studio.db') }, allMigrations);
  const store = await Mem0MemoryStore.create({
    dir: join(dir, 'memory'),
    embedder: new HashingEmbedder(),
    llm: options.llm,
  });
  const config = defaultConfig().memory;
  const clock = new ManualClock();
  const timer = new ManualTimer();
  const manager = new MemoryManager({
    store,
    db,
    config: () => config,
    logger: createConsoleLogger('silent'),
    clock,
    timer,
  });
  return {
    dir,
    db,
    manager,
    store,
    config,
    clock,
    timer,
    close: async () => {
      await manager.close(500);
      await db.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
