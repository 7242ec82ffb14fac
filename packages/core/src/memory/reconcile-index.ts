import { MemoryTypeSchema } from '@studio/shared';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { MemoryIndex } from './memory-index';
import type { MemoryStore } from './memory-store';
import { TYPE_KEY } from './memory-validation';

/**
 * Indexes memories Mem0 holds but the index lacks (a crash between the two writes of an add), so
 * nothing stored is invisible to list, recall or retention. Returns how many it adopted.
 */
export async function reconcileIndex(
  store: MemoryStore,
  index: MemoryIndex,
  clock: Clock,
  logger: Logger,
): Promise<number> {
  const known = new Set(await index.allIds());
  let adopted = 0;
  for (const item of await store.listAll()) {
    if (known.has(item.id)) continue;
    const type = MemoryTypeSchema.safeParse(item.metadata[TYPE_KEY]);
    const stamped = item.createdAt ? Date.parse(item.createdAt) : Number.NaN;
    const at = Number.isNaN(stamped) ? clock.now().toISOString() : new Date(stamped).toISOString();
    await index.insert({
      id: item.id,
      userId: item.userId,
      type: type.success ? type.data : 'fact',
      slot: null,
      createdAt: at,
      updatedAt: at,
      lastAccessedAt: at,
    });
    adopted += 1;
  }
  if (adopted > 0) logger.warn('the memory index lacked memories Mem0 holds; adopted them', { adopted });
  return adopted;
}
