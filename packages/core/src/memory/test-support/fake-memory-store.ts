import type { MemoryChange } from '@studio/shared';
import type { MemoryStore, StoredHit, StoredMemory } from '../memory-store';

/** An in-memory MemoryStore for unit tests: records calls, and fails on demand. */
export class FakeMemoryStore implements MemoryStore {
  readonly canInfer = false;
  readonly calls: string[] = [];
  readonly memories = new Map<string, StoredMemory>();
  /** When set, every call throws it (a broken disk, a locked file). */
  failure?: Error;
  private nextId = 1;

  private enter(call: string): void {
    this.calls.push(call);
    if (this.failure) throw this.failure;
  }

  async add(input: { userId: string; content: string; metadata: Record<string, unknown> }): Promise<string> {
    this.enter('add');
    const id = `m${this.nextId++}`;
    this.memories.set(id, { id, userId: input.userId, content: input.content, metadata: { ...input.metadata } });
    return id;
  }

  async addInferred(): Promise<{ id: string; content: string }[]> {
    this.enter('addInferred');
    return [];
  }

  async get(id: string): Promise<StoredMemory | null> {
    this.enter('get');
    return this.memories.get(id) ?? null;
  }

  async update(id: string, change: { content?: string; metadata?: Record<string, unknown> }): Promise<void> {
    this.enter('update');
    const current = this.memories.get(id);
    if (!current) throw new Error(`Memory with ID ${id} not found`);
    this.memories.set(id, {
      ...current,
      content: change.content ?? current.content,
      metadata: { ...current.metadata, ...change.metadata },
    });
  }

  async delete(id: string): Promise<void> {
    this.enter('delete');
    this.memories.delete(id);
  }

  async search(input: { query: string; userId?: string; type?: string }): Promise<StoredHit[]> {
    this.enter('search');
    const words = input.query.toLowerCase().split(/\W+/).filter(Boolean);
    return [...this.memories.values()]
      .filter(
        (memory) =>
          (!input.userId || memory.userId === input.userId) && (!input.type || memory.metadata.type === input.type),
      )
      .map((memory) => {
        const similarity =
          words.filter((word) => memory.content.toLowerCase().includes(word)).length / Math.max(words.length, 1);
        return { ...memory, score: similarity, similarity };
      })
      .filter((hit) => hit.similarity > 0)
      .sort((a, b) => b.score - a.score);
  }

  async history(): Promise<MemoryChange[]> {
    this.enter('history');
    return [];
  }

  async listAll(): Promise<StoredMemory[]> {
    this.enter('listAll');
    return [...this.memories.values()];
  }

  async close(): Promise<void> {
    this.calls.push('close');
  }
}
