import { join } from 'node:path';
import type * as Mem0 from 'mem0ai/oss';
import type { Memory, MemoryItem } from 'mem0ai/oss';
import type { Embedder } from '../ports/embedder';
import type { MemoryChange } from '@studio/shared';
import type { ChromaEndpoint } from '../files/storage/chroma/chroma-server';
import type { Sql } from '../store/sql';
import { Mem0ChromaClient } from './mem0-chroma-client';
import type { UserResolver } from './user-collections';
import { chromaThreshold, rescoreChromaHit, type ScoreDetails } from './mem0-chroma-scores';
import type { MemoryStore, StoredHit, StoredMemory } from './memory-store';
import { SqlMemoryHistory } from './sql-memory-history';

/** Where Mem0 keeps its files, and what it embeds and infers with. */
export interface Mem0StoreOptions {
  /** Mem0's files (vectors, history, its config.json) go below this folder. */
  dir: string;
  embedder: Embedder;
  /** An OpenAI-compatible chat model for inference; unset means store-only (offline). */
  llm?: { baseURL: string; apiKey?: string; model?: string };
  /**
   * Vectors in this Chroma collection (Mem0's `chroma` provider; shared by every process that uses
   * the same Chroma). Unset: Mem0's own SQLite store under `dir`, which scans every row per search.
   */
  chroma?: { endpoint: ChromaEndpoint; collection: string; resolveUsers?: UserResolver };
  /** Mem0's change history in the studio's database (PostgreSQL or SQLite); unset: Mem0's SQLite file under `dir`. */
  historyDb?: Sql;
}

// Keys Mem0 itself owns in a payload; never handed back as user metadata.
const MEM0_KEYS = new Set([
  'user_id',
  'agent_id',
  'run_id',
  'data',
  'hash',
  'textLemmatized',
  'createdAt',
  'updatedAt',
  'attributedTo',
  'expiration_date',
]);

let mem0Module: Promise<typeof Mem0> | undefined;

/**
 * Loads `mem0ai/oss` once. Its telemetry flag is read when the module is evaluated, so the
 * environment is set first (otherwise it posts to PostHog and awaits that inside add/search).
 */
function loadMem0(mem0Dir: string): Promise<typeof Mem0> {
  process.env.MEM0_TELEMETRY = 'false';
  // Read per call by Mem0: where it keeps its own config.json (instead of ~/.mem0).
  process.env.MEM0_DIR = mem0Dir;
  mem0Module ??= import('mem0ai/oss');
  return mem0Module;
}

/** The real Mem0 (`mem0ai/oss`) behind the MemoryStore seam, with every store under the data dir. */
export class Mem0MemoryStore implements MemoryStore {
  readonly canInfer: boolean;

  private constructor(
    private readonly memory: Memory,
    canInfer: boolean,
    private readonly chroma?: { client: Mem0ChromaClient; collection: string },
  ) {
    this.canInfer = canInfer;
  }

  /** Where the vectors are, for health: `chroma <collection>` or `sqlite`. */
  get vectorStore(): string {
    return this.chroma ? `chroma ${this.chroma.collection}` : 'sqlite';
  }

  static async create(options: Mem0StoreOptions): Promise<Mem0MemoryStore> {
    const { Memory } = await loadMem0(join(options.dir, 'mem0'));
    const embedder = options.embedder;
    const embedOne = async (text: string) => {
      const [vector] = await embedder.embed([text]);
      if (!vector) throw new Error('the embedder returned no vector');
      return vector;
    };
    const chroma = options.chroma
      ? new Mem0ChromaClient(options.chroma.endpoint, options.chroma.collection, options.chroma.resolveUsers)
      : undefined;
    const memory = new Memory({
      version: 'v1.1',
      // The studio's embedder, so memory and files share one vector space (the langchain shape
      // is Mem0's hook for a caller-provided embedder).
      embedder: {
        provider: 'langchain',
        config: { model: { embedQuery: embedOne, embedDocuments: (texts: string[]) => embedder.embed(texts) } },
      },
      vectorStore: chroma
        ? {
            provider: 'chroma',
            config: { collectionName: options.chroma?.collection, dimension: embedder.dimension, client: chroma },
          }
        : {
            provider: 'memory',
            config: {
              collectionName: 'memories',
              dimension: embedder.dimension,
              dbPath: join(options.dir, 'vectors.db'),
            },
          },
      // Mem0 builds an LLM client even when it never calls one; without a configured model it
      // points at a closed local port so nothing can ever leave the machine.
      llm: {
        provider: 'openai',
        config: options.llm
          ? {
              baseURL: options.llm.baseURL,
              apiKey: options.llm.apiKey ?? 'not-needed',
              model: options.llm.model ?? 'gpt-4o-mini',
              // The openai client's default is ten minutes; a capture should give up well before.
              timeout: 60_000,
            }
          : { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'offline', model: 'offline' },
      },
      historyStore: { provider: 'sqlite', config: { historyDbPath: join(options.dir, 'history.db') } },
      disableHistory: options.historyDb !== undefined,
    });
    // Mem0 has no PostgreSQL history provider: it is built without one and given the studio's
    // (same interface: addHistory, getHistory and the recent-message window inference reads).
    if (options.historyDb) (memory as unknown as { db: unknown }).db = new SqlMemoryHistory(options.historyDb);
    // Several server processes may share DATA_DIR (and so these files): in WAL mode one process's
    // searches do not wait for another's writes (a writer meeting a lock already waits: better-sqlite3's 5 s).
    const internals = memory as unknown as { vectorStore?: { db?: unknown }; db?: { db?: unknown } };
    for (const handle of [internals.vectorStore?.db, internals.db?.db]) shareSqliteFile(handle);
    return new Mem0MemoryStore(
      memory,
      options.llm !== undefined,
      chroma && options.chroma ? { client: chroma, collection: options.chroma.collection } : undefined,
    );
  }

  async add(input: { userId: string; content: string; metadata: Record<string, unknown> }): Promise<string> {
    const result = await this.memory.add([{ role: 'user', content: input.content }], {
      userId: input.userId,
      metadata: { ...input.metadata },
      infer: false,
    });
    const id = result.results[0]?.id;
    if (!id) throw new Error('Mem0 stored nothing');
    return id;
  }

  async addInferred(input: {
    userId: string;
    messages: { role: 'user' | 'assistant'; content: string }[];
    metadata: Record<string, unknown>;
  }): Promise<{ id: string; content: string }[]> {
    const result = await this.memory.add(input.messages, {
      userId: input.userId,
      metadata: { ...input.metadata },
      infer: true,
    });
    return result.results.map((item) => ({ id: item.id, content: item.memory }));
  }

  async get(id: string): Promise<StoredMemory | null> {
    const item = await this.memory.get(id);
    return item ? toStored(item) : null;
  }

  async update(id: string, change: { content?: string; metadata?: Record<string, unknown> }): Promise<void> {
    await this.memory.update(id, { text: change.content, metadata: change.metadata });
  }

  async delete(id: string): Promise<void> {
    await this.memory.delete(id);
  }

  async search(input: {
    query: string;
    userId?: string;
    type?: string;
    topK: number;
    threshold: number;
  }): Promise<StoredHit[]> {
    const filters: Record<string, string> = { user_id: input.userId ?? '*' };
    if (input.type) filters.type = input.type;
    const result = await this.memory.search(input.query, {
      filters,
      topK: input.topK,
      threshold: this.chroma ? chromaThreshold(input.threshold) : input.threshold,
      explain: true,
    });
    const hits = result.results.map((item) => {
      const details = (item as MemoryItem & { score_details?: ScoreDetails }).score_details;
      if (this.chroma) return { ...toStored(item), ...rescoreChromaHit(details, item.score ?? 0) };
      return { ...toStored(item), score: item.score ?? 0, similarity: details?.semanticScore ?? item.score ?? 0 };
    });
    return this.chroma ? hits.sort((a, b) => b.score - a.score) : hits;
  }

  async history(id: string): Promise<MemoryChange[]> {
    const rows = (await this.memory.history(id)) as {
      id: number;
      action: string;
      previous_value: string | null;
      new_value: string | null;
      created_at: string | null;
      updated_at: string | null;
    }[];
    return [...rows]
      .sort((a, b) => a.id - b.id)
      .map((row) => ({
        action: row.action === 'UPDATE' || row.action === 'DELETE' ? row.action : 'ADD',
        previousContent: row.previous_value,
        newContent: row.new_value,
        at: row.updated_at ?? row.created_at,
      }));
  }

  async listAll(): Promise<(StoredMemory & { createdAt?: string })[]> {
    const result = await this.memory.getAll({
      filters: { user_id: '*' },
      topK: Number.MAX_SAFE_INTEGER,
      showExpired: true,
    });
    return result.results.map((item) => ({ ...toStored(item), createdAt: item.createdAt }));
  }

  /** Mem0 has no close(); its SQLite handles are closed here so a restart in-process reopens cleanly. */
  async close(): Promise<void> {
    this.chroma?.client.close();
    const internals = this.memory as unknown as Record<string, unknown>;
    for (const key of ['vectorStore', '_entityStore']) {
      closeHandle((internals[key] as Record<string, unknown> | undefined)?.db);
    }
    closeHandle(internals.db);
  }
}

function shareSqliteFile(handle: unknown): void {
  const db = handle as { pragma?: (source: string) => unknown } | undefined;
  if (typeof db?.pragma !== 'function') return;
  db.pragma('journal_mode = WAL');
}

function closeHandle(handle: unknown): void {
  const closable = handle as { close?: () => void; open?: boolean } | undefined;
  if (typeof closable?.close !== 'function') return;
  try {
    closable.close();
  } catch {
    // Already closed: nothing to release.
  }
}

function toStored(item: MemoryItem & { user_id?: string }): StoredMemory {
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item.metadata ?? {})) {
    if (!MEM0_KEYS.has(key)) metadata[key] = value;
  }
  return { id: item.id, userId: item.user_id ?? '', content: item.memory, metadata };
}
