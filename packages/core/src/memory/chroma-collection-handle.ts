import type { ChromaClient, Collection, Metadata } from 'chromadb';
import { chromaClientFor } from '../files/storage/chroma/chroma-client';
import { ChromaQueryClient } from '../files/storage/chroma/chroma-query';
import type { ChromaEndpoint } from '../files/storage/chroma/chroma-server';

/** Marks a metadata value Chroma cannot hold (an array, an object, null) stored as JSON text. */
const JSON_MARK = '\u001fjson:';
/** Rows per `get` page: Mem0 lists with a limit of Number.MAX_SAFE_INTEGER, which Chroma refuses. */
const GET_PAGE = 1000;

export type Payload = Record<string, unknown>;
export type Where = Record<string, unknown> | undefined;

/** What Mem0's `chroma` provider calls on a collection (chromadb's Collection, narrowed). */
export interface Mem0ChromaCollection {
  add(args: { ids: string[]; embeddings: number[][]; metadatas?: Payload[] }): Promise<void>;
  upsert(args: { ids: string[]; embeddings: number[][]; metadatas?: Payload[] }): Promise<void>;
  update(args: { ids: string[]; embeddings?: number[][]; metadatas?: Payload[] }): Promise<void>;
  delete(args: { ids?: string[]; where?: Where }): Promise<void>;
  get(args?: { ids?: string[]; where?: Where; limit?: number }): Promise<{ ids: string[]; metadatas: Payload[] }>;
  query(args: {
    queryEmbeddings: number[][];
    nResults?: number;
    where?: Where;
  }): Promise<{ ids: string[][]; distances: (number | null)[][]; metadatas: Payload[][] }>;
}

/** One collection, opened on first use and opened again after a failure (a restarted server moves port). */
export class ChromaCollectionHandle implements Mem0ChromaCollection {
  private opened?: Promise<{ client: ChromaClient; collection: Collection; queries: ChromaQueryClient }>;

  constructor(
    private readonly endpoint: ChromaEndpoint,
    readonly name: string,
    private readonly cosine: boolean,
  ) {}

  async add(args: { ids: string[]; embeddings: number[][]; metadatas?: Payload[] }): Promise<void> {
    await this.call(({ collection }) =>
      collection.add({ ids: args.ids, embeddings: args.embeddings, metadatas: args.metadatas?.map(encode) }),
    );
  }

  async upsert(args: { ids: string[]; embeddings: number[][]; metadatas?: Payload[] }): Promise<void> {
    await this.call(({ collection }) =>
      collection.upsert({ ids: args.ids, embeddings: args.embeddings, metadatas: args.metadatas?.map(encode) }),
    );
  }

  async update(args: { ids: string[]; embeddings?: number[][]; metadatas?: Payload[] }): Promise<void> {
    await this.call(({ collection }) =>
      collection.update({ ids: args.ids, embeddings: args.embeddings, metadatas: args.metadatas?.map(encode) }),
    );
  }

  async delete(args: { ids?: string[]; where?: Where }): Promise<void> {
    await this.call(({ collection }) => collection.delete({ ids: args.ids, where: args.where as never }));
  }

  async get(args: { ids?: string[]; where?: Where; limit?: number } = {}): Promise<{
    ids: string[];
    metadatas: Payload[];
  }> {
    const wanted = args.limit ?? Number.MAX_SAFE_INTEGER;
    const ids: string[] = [];
    const metadatas: Payload[] = [];
    while (ids.length < wanted) {
      const limit = Math.min(GET_PAGE, wanted - ids.length);
      const page = await this.call(({ collection }) =>
        collection.get({
          ids: args.ids,
          where: args.where as never,
          limit,
          offset: ids.length,
          include: ['metadatas'],
        }),
      );
      ids.push(...page.ids);
      metadatas.push(...page.metadatas.map((metadata) => decode(metadata ?? {})));
      if (page.ids.length < limit) break;
    }
    return { ids, metadatas };
  }

  async query(args: { queryEmbeddings: number[][]; nResults?: number; where?: Where }): Promise<{
    ids: string[][];
    distances: (number | null)[][];
    metadatas: Payload[][];
  }> {
    const result = (await this.call(({ queries }) =>
      queries.query({
        query_embeddings: args.queryEmbeddings,
        n_results: args.nResults ?? 10,
        where: args.where,
        include: ['metadatas', 'distances'],
      }),
    )) as { ids: string[][]; distances: (number | null)[][]; metadatas?: (Metadata | null)[][] };
    return {
      ids: result.ids,
      distances: result.distances,
      metadatas: (result.metadatas ?? []).map((row) => row.map((metadata) => decode(metadata ?? {}))),
    };
  }

  /** How many vectors it holds. */
  async count(): Promise<number> {
    return this.call(({ collection }) => collection.count());
  }

  /** Deletes the collection (nothing when it does not exist). */
  async drop(): Promise<void> {
    const client = chromaClientFor(await this.endpoint.url());
    await client.deleteCollection({ name: this.name }).catch(() => undefined);
    this.close();
  }

  close(): void {
    this.opened?.then(({ queries }) => queries.close()).catch(() => undefined);
    this.opened = undefined;
  }

  private async call<T>(
    operation: (opened: { client: ChromaClient; collection: Collection; queries: ChromaQueryClient }) => Promise<T>,
  ): Promise<T> {
    const opened = await this.open();
    try {
      return await operation(opened);
    } catch (error) {
      this.close();
      throw error;
    }
  }

  private open(): Promise<{ client: ChromaClient; collection: Collection; queries: ChromaQueryClient }> {
    this.opened ??= (async () => {
      const endpoint = await this.endpoint.url();
      const client = chromaClientFor(endpoint);
      const collection = await client.getOrCreateCollection({
        name: this.name,
        embeddingFunction: null,
        ...(this.cosine ? { metadata: { 'hnsw:space': 'cosine' } } : {}),
      });
      return { client, collection, queries: ChromaQueryClient.forCollection(endpoint, collection.id) };
    })().catch((error: unknown) => {
      this.opened = undefined;
      throw error;
    });
    return this.opened;
  }
}

function encode(payload: Payload): Metadata {
  const metadata: Metadata = {};
  for (const [key, value] of Object.entries(payload)) {
    if (value === undefined) continue;
    metadata[key] =
      value === null || typeof value === 'object' ? `${JSON_MARK}${JSON.stringify(value)}` : (value as string);
  }
  return metadata;
}

function decode(metadata: Metadata): Payload {
  const payload: Payload = {};
  for (const [key, value] of Object.entries(metadata)) {
    payload[key] =
      typeof value === 'string' && value.startsWith(JSON_MARK) ? JSON.parse(value.slice(JSON_MARK.length)) : value;
  }
  return payload;
}
