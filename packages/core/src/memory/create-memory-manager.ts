import { join } from 'node:path';
import { systemClock, type Clock } from '../clock';
import type { ConfigService } from '../config/config-service';
import type { Logger } from '../logger';
import type { Embedder } from '../ports/embedder';
import type { Sql } from '../store/sql';
import type { WorkTracker } from '../work-tracker';
import { Mem0MemoryStore } from './mem0-memory-store';
import { MemoryIndex } from './memory-index';
import { MemoryManager } from './memory-manager';
import { reconcileIndex } from './reconcile-index';
import type { Timer } from './retention-scheduler';

/** The studio services the Memory Manager is built from. */
export interface CreateMemoryManagerOptions {
  dataDir: string;
  db: Sql;
  config: ConfigService;
  embedder: Embedder;
  logger: Logger;
  work: WorkTracker;
  llm?: { baseURL: string; apiKey?: string; model?: string };
  clock?: Clock;
  timer?: Timer;
}

const EMBEDDER_KEY = 'embedder';

/** Builds the Memory Manager on Mem0 under `<dataDir>/memory`, re-embedding if the embedder changed. */
export async function createMemoryManager(options: CreateMemoryManagerOptions): Promise<MemoryManager> {
  const store = await Mem0MemoryStore.create({
    dir: join(options.dataDir, 'memory'),
    embedder: options.embedder,
    llm: options.llm,
  });
  const manager = new MemoryManager({
    store,
    db: options.db,
    config: () => options.config.section('memory'),
    logger: options.logger,
    clock: options.clock,
    work: options.work,
    timer: options.timer,
  });
  const index = new MemoryIndex(options.db);
  const embedderId = `${options.embedder.name}/${options.embedder.dimension}`;
  const previous = await index.getMeta(EMBEDDER_KEY);
  if (previous !== undefined && previous !== embedderId) {
    // Vectors from another embedder live in another space: every memory is embedded again.
    const ids = await index.allIds();
    options.logger.info('the embedder changed; re-embedding memories', {
      from: previous,
      to: embedderId,
      count: ids.length,
    });
    for (const id of ids) {
      const item = await store.get(id);
      if (item) await store.update(id, { content: item.content });
    }
  }
  await index.setMeta(EMBEDDER_KEY, embedderId);
  await reconcileIndex(store, index, options.clock ?? systemClock, options.logger);
  return manager;
}
