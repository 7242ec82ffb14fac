import type { MemoryConfig, MemoryType } from '@studio/shared';
import type { IndexRow } from './memory-index';

const DAY_MS = 86_400_000;

/** How long each type lives after it was last used (created, updated or recalled). */
export function ttlDays(config: MemoryConfig, type: MemoryType): number {
  if (type === 'profile') return config.profile_ttl_days;
  if (type === 'fact') return config.facts_ttl_days;
  return config.conversation_ttl_days;
}

/**
 * The memories the retention policy removes from `rows`: those past their type's TTL, then, per
 * user and type, the surplus over `max_memories_per_type` — least recently used first under 'lru',
 * oldest created first under 'fifo'.
 */
export function planRetention(rows: readonly IndexRow[], config: MemoryConfig, now: Date): Set<string> {
  const doomed = new Set<string>();
  const survivors = new Map<string, IndexRow[]>();
  for (const row of rows) {
    const age = now.getTime() - Date.parse(row.lastAccessedAt);
    if (age > ttlDays(config, row.type) * DAY_MS) {
      doomed.add(row.id);
      continue;
    }
    const group = `${row.userId}\u0000${row.type}`;
    const members = survivors.get(group) ?? [];
    members.push(row);
    survivors.set(group, members);
  }
  for (const members of survivors.values()) {
    const surplus = members.length - config.max_memories_per_type;
    if (surplus <= 0) continue;
    const byEviction = [...members].sort(
      config.retention_policy === 'lru'
        ? (a, b) => a.lastAccessedAt.localeCompare(b.lastAccessedAt) || a.seq - b.seq
        : (a, b) => a.createdAt.localeCompare(b.createdAt) || a.seq - b.seq,
    );
    for (const row of byEviction.slice(0, surplus)) doomed.add(row.id);
  }
  return doomed;
}

/**
 * What `clear` removes from the rows its scope names: with `olderThanDays`, only those created
 * earlier than that; with `keepLatest`, all but the newest N of them.
 */
export function planClear(
  rows: readonly IndexRow[],
  options: { olderThanDays?: number; keepLatest?: number },
  now: Date,
): Set<string> {
  let candidates = [...rows];
  if (options.olderThanDays !== undefined) {
    const cutoff = now.getTime() - options.olderThanDays * DAY_MS;
    candidates = candidates.filter((row) => Date.parse(row.createdAt) < cutoff);
  }
  if (options.keepLatest !== undefined) {
    const newestFirst = [...rows].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.seq - a.seq);
    const kept = new Set(newestFirst.slice(0, options.keepLatest).map((row) => row.id));
    candidates = candidates.filter((row) => !kept.has(row.id));
  }
  return new Set(candidates.map((row) => row.id));
}
