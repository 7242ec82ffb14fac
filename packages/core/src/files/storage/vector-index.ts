import type { Collection, Metadata } from 'chromadb';
import { UnavailableError } from '../../errors/unavailable-error';
import type { Embedder } from '../../ports/embedder';
import { chromaClientFor } from './chroma/chroma-client';
import { ChromaQueryClient } from './chroma/chroma-query';
import type { ChromaEndpoint } from './chroma/chroma-server';

/** One chunk's vector with what a filter or a citation needs. */
export interface VectorRecord {
  id: string;
  fileId: string;
  vector: number[];
  page?: number;
  section?: string;
}

/** A nearest neighbour: the chunk id and its cosine distance. */
export interface VectorMatch {
  id: string;
  distance: number;
}

/** Where chunk vectors live; one index holds vectors of one embedder (name and dimension). */
export interface VectorIndex {
  /** Identifies the embedding space; files indexed under another name must be re-indexed. */
  readonly name: string;
  upsert(records: VectorRecord[]): Promise<void>;
  deleteFile(fileId: string): Promise<void>;
  query(vector: number[], options: { k: number; fileIds?: string[] }): Promise<VectorMatch[]>;
  count(): Promise<number>;
}

const UPSERT_BATCH = 500;

/** The collection name for an embedder: dimensions of two embedders never share a collection. */
export function collectionNameFor(embedder: Pick<Embedder, 'name' | 'dimension'>): string {
  const slug = embedder.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `studio-files-${slug}-${embedder.dimension}d`;
}

/** Chunk vectors in a real Chroma collection (cosine space, vectors brought by the studio). */
export class ChromaVectorIndex implements VectorIndex {
  readonly name: string;
  private collection?: Promise<{ collection: Collection; queries: ChromaQueryClient }>;

  constructor(
    private readonly endpoint: ChromaEndpoint,
    private readonly embedder: Pick<Embedder, 'name' | 'dimension'>,
  ) {
    this.name = collectionNameFor(embedder);
  }

  async upsert(records: VectorRecord[]): Promise<void> {
    const { collection } = await this.open();
    for (let start = 0; start < records.length; start += UPSERT_BATCH) {
      const batch = records.slice(start, start + UPSERT_BATCH);
      await this.guarded(() =>
        collection.upsert({
          ids: batch.map((record) => record.id),
          embeddings: batch.map((record) => record.vector),
          metadatas: batch.map((record) => metadataOf(record)),
        }),
      );
    }
  }

  async deleteFile(fileId: string): Promise<void> {
    const { collection } = await this.open();
    await this.guarded(() => collection.delete({ where: { fileId } }));
  }

  async query(vector: number[], options: { k: number; fileIds?: string[] }): Promise<VectorMatch[]> {
    const { queries } = await this.open();
    const where = options.fileIds
      ? options.fileIds.length === 1
        ? { fileId: options.fileIds[0] ?? '' }
        : { fileId: { $in: options.fileIds } }
      : undefined;
    const result = await this.guarded(() =>
      queries.query({ query_embeddings: [vector], n_results: options.k, where, include: ['distances'] }),
    );
    const ids = result.ids[0] ?? [];
    const distances = result.distances[0] ?? [];
    return ids.map((id, index) => ({ id, distance: distances[index] ?? 1 }));
  }

  async count(): Promise<number> {
    const { collection } = await this.open();
    return this.guarded(() => collection.count());
  }

  /**
   * A failed call drops the cached collection handle: a restarted Chroma may listen on another
   * port, and the next call must find it again instead of failing for ever.
   */
  private async guarded<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await guard(call);
    } catch (error) {
      // The old handle's kept-alive sockets point at a server that may be gone: close them.
      this.collection?.then(({ queries }) => queries.close()).catch(() => undefined);
      this.collection = undefined;
      throw error;
    }
  }

  private open(): Promise<{ collection: Collection; queries: ChromaQueryClient }> {
    this.collection ??= (async () => {
      const endpoint = await this.endpoint.url();
      const client = chromaClientFor(endpoint);
      const collection = await guard(() =>
        client.getOrCreateCollection({
          name: this.name,
          embeddingFunction: null,
          metadata: { 'hnsw:space': 'cosine', embedder: this.embedder.name, dimension: this.embedder.dimension },
        }),
      );
      return { collection, queries: ChromaQueryClient.forCollection(endpoint, collection.id) };
    })().catch((error: unknown) => {
      this.collection = undefined;
      throw error;
    });
    return this.collection;
  }
}

function metadataOf(record: VectorRecord): Metadata {
  const metadata: Metadata = { fileId: record.fileId };
  if (record.page !== undefined) metadata.page = record.page;
  if (record.section !== undefined) metadata.section = record.section;
  return metadata;
}

async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof UnavailableError) throw error;
    throw new UnavailableError(
      'VECTOR_STORE_UNAVAILABLE',
      `the vector store failed: ${(error as Error).message}`,
      error,
    );
  }
}
