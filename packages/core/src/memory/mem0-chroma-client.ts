import type { ChromaEndpoint } from '../files/storage/chroma/chroma-server';
import { ChromaCollectionHandle, type Mem0ChromaCollection } from './chroma-collection-handle';
import { UserCollections, type UserResolver } from './user-collections';

/** Mem0's own bookkeeping collection (a telemetry id, a 1-d zero vector): renamed into the studio's namespace. */
const MEM0_MIGRATIONS = 'memory_migrations';

/**
 * The `client` handed to Mem0's `chroma` vector-store provider: collections on the studio's Chroma
 * (external or managed) in cosine space, so `1 - distance` is the cosine similarity Mem0's own store
 * gave, one Chroma collection per user (see UserCollections). It stores arrays and objects in metadata
 * as JSON text (Chroma 1.0 takes scalars only; Mem0's entity links and the studio's summary topics are
 * arrays), pages Mem0's unbounded listing, queries over the kept-alive REST connection the file search
 * uses, and finds a restarted managed Chroma again.
 */
export class Mem0ChromaClient {
  private readonly collections = new Map<string, UserCollections>();
  private migrations?: ChromaCollectionHandle;

  constructor(
    private readonly endpoint: ChromaEndpoint,
    private readonly prefix: string,
    private readonly resolveUsers?: UserResolver,
  ) {}

  async getOrCreateCollection(args: { name: string }): Promise<Mem0ChromaCollection> {
    if (args.name === MEM0_MIGRATIONS) {
      this.migrations ??= new ChromaCollectionHandle(this.endpoint, `${this.prefix}-mem0-migrations`, false);
      return this.migrations;
    }
    return this.collection(args.name);
  }

  /** A logical collection (memories, or Mem0's entities) across every user. */
  collection(name: string): UserCollections {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new UserCollections(this.endpoint, name, this.resolveUsers);
      this.collections.set(name, collection);
    }
    return collection;
  }

  async deleteCollection(args: { name: string }): Promise<void> {
    await this.collection(args.name).drop();
    this.collections.delete(args.name);
  }

  close(): void {
    for (const collection of this.collections.values()) collection.close();
    this.migrations?.close();
  }
}
