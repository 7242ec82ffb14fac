import type { MemoryEntry, MemoryType } from '@studio/shared';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { IndexRow, MemoryIndex } from './memory-index';
import type { MemoryStore, StoredMemory } from './memory-store';
import { guarded, TYPE_KEY } from './memory-validation';

/** Similarity above which a new memory says what an existing one already says. */
export const NEAR_DUPLICATE_SIMILARITY = 0.9;

/**
 * Writes that keep Mem0 (content, vectors, history) and the index (order, slots, access times)
 * in step. Mem0 is written first: an index row never points at nothing it did not hold.
 */
export class MemoryRecords {
  constructor(
    readonly store: MemoryStore,
    readonly index: MemoryIndex,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  now(): string {
    return this.clock.now().toISOString();
  }

  async create(input: {
    userId: string;
    type: MemoryType;
    content: string;
    metadata: Record<string, unknown>;
    slot?: string;
  }): Promise<IndexRow> {
    const id = await guarded('store a memory', () =>
      this.store.add({
        userId: input.userId,
        content: input.content,
        metadata: { ...input.metadata, [TYPE_KEY]: input.type },
      }),
    );
    return this.adopt(id, input);
  }

  /** Indexes a memory Mem0 already holds (one its inference stored). */
  async adopt(id: string, input: { userId: string; type: MemoryType; slot?: string }): Promise<IndexRow> {
    const now = this.now();
    const row = {
      id,
      userId: input.userId,
      type: input.type,
      slot: input.slot ?? null,
      createdAt: now,
      updatedAt: now,
      lastAccessedAt: now,
    };
    try {
      await this.index.insert(row);
    } catch (error) {
      await this.store.delete(id).catch(() => undefined);
      throw error;
    }
    const stored = await this.index.get(id);
    if (!stored) throw new Error(`memory ${id} vanished from the index`);
    return stored;
  }

  async revise(id: string, change: { content?: string; metadata?: Record<string, unknown> }): Promise<void> {
    await guarded('update a memory', () => this.store.update(id, change));
    await this.index.markUpdated(id, this.now());
  }

  async remove(id: string): Promise<void> {
    await guarded('delete a memory', async () => {
      // Already gone from Mem0 (an earlier attempt died halfway): the index row still has to go.
      if (await this.store.get(id)) await this.store.delete(id);
    });
    await this.index.delete(id);
  }

  async touch(ids: readonly string[]): Promise<void> {
    await this.index.touch(ids, this.now());
  }

  /** Entries for index rows, in the same order; rows whose content is gone are dropped from the index. */
  async entries(rows: readonly IndexRow[]): Promise<MemoryEntry[]> {
    const stored = await guarded('read memories', () => Promise.all(rows.map((row) => this.store.get(row.id))));
    const entries: MemoryEntry[] = [];
    for (const [position, row] of rows.entries()) {
      const item = stored[position];
      if (item) {
        entries.push(toEntry(row, item));
        continue;
      }
      this.logger.warn('memory index pointed at a memory Mem0 no longer holds; dropping it', { id: row.id });
      await this.index.delete(row.id);
    }
    return entries;
  }

  /** An existing memory of the user saying nearly the same thing, if any. */
  async findNearDuplicate(
    userId: string,
    type: MemoryType,
    content: string,
    excludeId?: string,
  ): Promise<IndexRow | undefined> {
    const hits = await this.store.search({
      query: content,
      userId,
      type,
      topK: 3,
      threshold: NEAR_DUPLICATE_SIMILARITY,
    });
    for (const hit of hits) {
      if (hit.id === excludeId) continue;
      const same = hit.content.trim().toLowerCase() === content.trim().toLowerCase();
      if (!same && hit.similarity < NEAR_DUPLICATE_SIMILARITY) continue;
      const row = await this.index.get(hit.id);
      if (row) return row;
    }
    return undefined;
  }
}

/** The wire shape: type and times from the index, content and metadata from Mem0. */
export function toEntry(row: IndexRow, stored: StoredMemory): MemoryEntry {
  const { [TYPE_KEY]: _type, ...metadata } = stored.metadata;
  return {
    id: row.id,
    type: row.type,
    content: stored.content,
    metadata,
    userId: row.userId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
