import { join } from 'node:path';
import { systemClock, type Clock } from '../clock';
import type { ConfigService } from '../config/config-service';
import type { ChromaEndpoint } from '../files/storage/chroma/chroma-server';
import type { Logger } from '../logger';
import type { Embedder } from '../ports/embedder';
import type { Sql } from '../store/sql';
import type { WorkTracker } from '../work-tracker';
import type { KeyedLock } from './keyed-queue';
import { importLegacyMem0Files } from './legacy-mem0-files';
import { Mem0ChromaClient } from './mem0-chroma-client';
import { Mem0MemoryStore } from './mem0-memory-store';
import { collectionRows, memoryCollectionFor, memoryCollectionForId, reembedInto } from './memory-collections';
import { MemoryIndex } from './memory-index';
import { MemoryManager } from './memory-manager';
import { reconcileIndex } from './reconcile-index';
import { RedisKeyedLock, type RedisLockTimings } from './redis-keyed-lock';
import type { Timer } from './retention-scheduler';

/** The studio services the Memory Manager is built from. */
export interface CreateMemoryManagerOptions {
  dataDir: string;
  db: Sql;
  config: ConfigService;
  embedder: Embedder;
  logger: Logger;
  work: WorkTracker;
  /** The Chroma the file search uses (managed or CHROMA_URL): Mem0's vectors go there too. */
  chroma: ChromaEndpoint;
  /** REDIS_URL: captures for one user run one at a time across every process, not only this one. */
  redis?: { url: string; prefix?: string; timings?: RedisLockTimings };
  llm?: { baseURL: string; apiKey?: string; model?: string };
  clock?: Clock;
  timer?: Timer;
}

const EMBEDDER_KEY = 'embedder';
const MIGRATIONS_PREFIX = 'studio-memories';

/**
 * Builds the Memory Manager on Mem0 with its vectors in Chroma (one collection per embedder, moved
 * and re-embedded when the embedder changes) and its history in the studio's database; Mem0's older
 * SQLite files under `<dataDir>/memory` are imported once.
 */
export async function createMemoryManager(options: CreateMemoryManagerOptions): Promise<MemoryManager> {
  const dir = join(options.dataDir, 'memory');
  const index = new MemoryIndex(options.db);
  const collection = memoryCollectionFor(options.embedder);
  const embedderId = `${options.embedder.name}/${options.embedder.dimension}`;
  const previous = await index.getMeta(EMBEDDER_KEY);
  // Which user a memory belongs to, so a read by id goes straight to that user's Chroma collection.
  const resolveUsers = async (ids: readonly string[]) =>
    new Map([...(await index.getMany(ids))].map(([id, row]) => [id, row.userId]));
  const client = new Mem0ChromaClient(options.chroma, MIGRATIONS_PREFIX, resolveUsers);
  let maintained = false;
  try {
    await moveAndImport({ ...options, client, collection, previous, embedderId, dir });
    maintained = true;
  } catch (error) {
    // A studio starts while its vector store is down (health says so); the move, the import and the
    // reconciliation are tried again at the next start.
    options.logger.warn('memory start-up maintenance skipped: the vector store is unavailable', {
      error: String(error),
    });
  } finally {
    client.close();
  }
  const store = await Mem0MemoryStore.create({
    dir,
    embedder: options.embedder,
    llm: options.llm,
    chroma: { endpoint: options.chroma, collection, resolveUsers },
    historyDb: options.db,
  });
  const lock: KeyedLock | undefined = options.redis
    ? await RedisKeyedLock.connect(
        options.redis.url,
        `${options.redis.prefix ?? 'studio'}:memory-capture`,
        options.logger,
        options.redis.timings,
      )
    : undefined;
  const manager = new MemoryManager({
    store,
    db: options.db,
    config: () => options.config.section('memory'),
    logger: options.logger,
    clock: options.clock,
    work: options.work,
    timer: options.timer,
    lock,
  });
  if (maintained) {
    await index.setMeta(EMBEDDER_KEY, embedderId);
    await reconcileIndex(store, index, options.clock ?? systemClock, options.logger).catch((error: unknown) =>
      options.logger.warn('memory reconciliation skipped', { error: String(error) }),
    );
  }
  return manager;
}

/** Follows an embedder change (re-embedding into the new collection) and imports Mem0's old SQLite files. */
async function moveAndImport(options: {
  client: Mem0ChromaClient;
  collection: string;
  previous: string | undefined;
  embedderId: string;
  dir: string;
  embedder: Embedder;
  db: Sql;
  logger: Logger;
}): Promise<void> {
  const { client, collection } = options;
  const previousCollection = options.previous === undefined ? undefined : memoryCollectionForId(options.previous);
  if (previousCollection && previousCollection !== collection) {
    // Vectors from another embedder live in another space: every memory is embedded again.
    const moved = await reembedInto(
      collectionRows(client.collection(previousCollection)),
      client.collection(collection),
      options.embedder,
    );
    options.logger.info('the embedder changed; re-embedded memories', {
      from: options.previous,
      to: options.embedderId,
      moved,
    });
    await client.deleteCollection({ name: previousCollection });
    await client.deleteCollection({ name: `${previousCollection}_entities` });
  }
  await importLegacyMem0Files({
    dir: options.dir,
    collection: client.collection(collection),
    embedder: options.embedder,
    db: options.db,
    logger: options.logger,
  });
}
