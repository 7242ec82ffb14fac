import type { Embedder } from '../ports/embedder';
import type { Mem0ChromaCollection } from './chroma-collection-handle';

/** Vectors re-embedded per batch when memories move to another embedder's collection. */
const MOVE_BATCH = 100;

/** The Chroma collection of memories embedded by one embedder (another embedder, another collection). */
export function memoryCollectionFor(embedder: Pick<Embedder, 'name' | 'dimension'>): string {
  return `studio-memories-${slugOf(embedder.name)}-${embedder.dimension}d`;
}

/** The same for an embedder recorded as `name/dimension` (the memory index's `embedder` meta key). */
export function memoryCollectionForId(embedderId: string): string | undefined {
  const cut = embedderId.lastIndexOf('/');
  const dimension = Number(embedderId.slice(cut + 1));
  if (cut <= 0 || !Number.isInteger(dimension)) return undefined;
  return memoryCollectionFor({ name: embedderId.slice(0, cut), dimension });
}

/**
 * Copies every memory payload into `to`, embedding its text (`data`) with `embedder`: how memories
 * follow an embedder change, and how Mem0's old SQLite vector file moves into Chroma. Ids and
 * payloads are kept, so the memory index still points at them; upserts make a repeat harmless.
 */
export async function reembedInto(
  rows: AsyncIterable<{ id: string; payload: Record<string, unknown> }[]>,
  to: Mem0ChromaCollection,
  embedder: Embedder,
): Promise<number> {
  let moved = 0;
  for await (const batch of rows) {
    const usable = batch.filter((row) => typeof row.payload.data === 'string');
    for (let start = 0; start < usable.length; start += MOVE_BATCH) {
      const slice = usable.slice(start, start + MOVE_BATCH);
      const vectors = await embedder.embed(slice.map((row) => String(row.payload.data)));
      await to.upsert({
        ids: slice.map((row) => row.id),
        embeddings: vectors,
        metadatas: slice.map((row) => row.payload),
      });
      moved += slice.length;
    }
  }
  return moved;
}

/** Every row of a collection, one page at a time. */
export async function* collectionRows(
  from: Mem0ChromaCollection,
): AsyncIterable<{ id: string; payload: Record<string, unknown> }[]> {
  const all = await from.get({});
  yield all.ids.map((id, index) => ({ id, payload: all.metadatas[index] ?? {} }));
}

function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}
