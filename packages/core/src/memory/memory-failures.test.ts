import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '@studio/shared';
import { describe, expect, it } from 'vitest';
import { createConsoleLogger, type Logger } from '../logger';
import { openDatabase } from '../store/database';
import { allMigrations } from '../all-migrations';
import { MemoryIndex } from './memory-index';
import { MemoryManager } from './memory-manager';
import { reconcileIndex } from './reconcile-index';
import { createMemoryKit } from './test-support/memory-kit';
import { FakeMemoryStore } from './test-support/fake-memory-store';

class RecordingLogger implements Logger {
  readonly warnings: string[] = [];
  info(): void {}
  warn(message: string): void {
    this.warnings.push(message);
  }
  error(): void {}
}

async function managerOn(store: FakeMemoryStore, logger: Logger = createConsoleLogger('silent')) {
  const dir = mkdtempSync(join(tmpdir(), 'studio-memory-fake-'));
  const db = await openDatabase({ file: join(dir, 'studio.db') }, allMigrations);
  const manager = new MemoryManager({ store, db, config: () => defaultConfig().memory, logger });
  return {
    manager,
    close: async () => {
      await manager.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('when the content store fails', () => {
  it('reports MEMORY_UNAVAILABLE without a raw library message, and indexes nothing', async () => {
    const store = new FakeMemoryStore();
    const { manager, close } = await managerOn(store);
    try {
      store.failure = new Error('SQLITE_IOERR: disk I/O error');
      const error = await manager
        .add({ type: 'fact', content: 'Will not be stored.' })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        code: 'MEMORY_UNAVAILABLE',
        kind: 'unavailable',
        message: 'memory store failed to store a memory',
      });
      expect(await manager.health()).toMatchObject({ status: 'down' });
      store.failure = undefined;
      expect((await manager.list()).total).toBe(0);
      expect(await manager.health()).toEqual({ status: 'ok', detail: 'mem0, 0 memories, capture by rules' });
    } finally {
      await close();
    }
  });

  it('never throws from captureTurn; the failure is logged', async () => {
    const store = new FakeMemoryStore();
    const logger = new RecordingLogger();
    const { manager, close } = await managerOn(store, logger);
    try {
      store.failure = new Error('locked');
      expect(() =>
        manager.captureTurn({ userId: 'u', sessionId: 's', userMessage: 'My name is Ada.', assistantReply: 'Hi' }),
      ).not.toThrow();
      await manager.idle();
      expect(logger.warnings).toContain('memory capture failed');
    } finally {
      await close();
    }
  });
});

describe('reconcileIndex', () => {
  it('adopts memories Mem0 holds that the index lacks', async () => {
    const kit = await createMemoryKit();
    try {
      await kit.manager.add({ type: 'fact', content: 'Indexed already.' });
      await kit.store.add({
        userId: 'default',
        content: 'Stored, then the process died.',
        metadata: { type: 'profile' },
      });
      expect((await kit.manager.list()).total).toBe(1);
      expect(await reconcileIndex(kit.store, new MemoryIndex(kit.db), kit.clock, createConsoleLogger('silent'))).toBe(
        1,
      );
      const { items } = await kit.manager.list({ type: 'profile' });
      expect(items.map((item) => item.content)).toEqual(['Stored, then the process died.']);
      expect(await reconcileIndex(kit.store, new MemoryIndex(kit.db), kit.clock, createConsoleLogger('silent'))).toBe(
        0,
      );
    } finally {
      await kit.close();
    }
  });
});
