import type { MemoryChange } from '@studio/shared';

/** A memory as the content store keeps it. */
export interface StoredMemory {
  id: string;
  userId: string;
  content: string;
  metadata: Record<string, unknown>;
}

/** A search hit: `score` is the store's ranking score, `similarity` the plain vector similarity. */
export interface StoredHit extends StoredMemory {
  score: number;
  similarity: number;
}

/**
 * The seam to the content store (Mem0): content, vectors, metadata and change history.
 * The Memory Manager keeps ordering and access times itself, next to it.
 */
export interface MemoryStore {
  /** True when a language model is configured, so `addInferred` can extract memories. */
  readonly canInfer: boolean;
  /** Stores `content` verbatim (embedded, no model call); returns the new id. */
  add(input: { userId: string; content: string; metadata: Record<string, unknown> }): Promise<string>;
  /** Lets the model extract memories from a conversation; returns what it stored. */
  addInferred(input: {
    userId: string;
    messages: { role: 'user' | 'assistant'; content: string }[];
    metadata: Record<string, unknown>;
  }): Promise<{ id: string; content: string }[]>;
  get(id: string): Promise<StoredMemory | null>;
  /** Changes content (re-embedded) and/or merges metadata. */
  update(id: string, change: { content?: string; metadata?: Record<string, unknown> }): Promise<void>;
  delete(id: string): Promise<void>;
  /** Ranked by relevance; `userId` undefined searches every user. */
  search(input: {
    query: string;
    userId?: string;
    type?: string;
    topK: number;
    threshold: number;
  }): Promise<StoredHit[]>;
  history(id: string): Promise<MemoryChange[]>;
  /** Every memory of every user, with the time the store recorded it (start-up reconciliation). */
  listAll(): Promise<(StoredMemory & { createdAt?: string })[]>;
  close(): Promise<void>;
}
