import { afterAll, describe, expect, it } from 'vitest';
import { memoryMigrations } from './memory-migrations';
import { MemoryIndex, type IndexRow } from './memory-index';
import { DIALECTS, testDatabases } from '../store/test-support/dialects';

const databases = testDatabases(memoryMigrations, 'memory');
afterAll(() => databases.closeAll());
const dialects = DIALECTS.map((dialect) => [dialect, () => databases.open(dialect)] as const);

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

function row(id: string, minute: number, overrides: Partial<Omit<IndexRow, 'seq'>> = {}): Omit<IndexRow, 'seq'> {
  const time = at(minute);
  return {
    id,
    userId: 'u',
    type: 'fact',
    slot: null,
    createdAt: time,
    updatedAt: time,
    lastAccessedAt: time,
    ...overrides,
  };
}

describe.each(dialects)('MemoryIndex on %s', (_name, open) => {
  const index = async () => {
    const sql = await open();
    return new MemoryIndex(sql);
  };

  it('inserts, reads by id and slot, counts per scope and type, and deletes', async () => {
    const store = await index();
    await store.insert(row('a', 1));
    await store.insert(row('b', 2, { type: 'profile', slot: 'name' }));
    await store.insert(row('c', 3, { userId: 'bob', type: 'conversation', slot: 'session:1' }));

    const a = await store.get('a');
    expect(a).toEqual({ seq: expect.any(Number), ...row('a', 1) });
    expect(await store.get('nope')).toBeUndefined();
    expect((await store.bySlot('u', 'name'))?.id).toBe('b');
    expect(await store.bySlot('bob', 'name')).toBeUndefined();
    expect(await store.count({})).toBe(3);
    expect(await store.count({ userId: 'u' })).toBe(2);
    expect(await store.count({ userId: 'u', type: 'fact' })).toBe(1);
    expect(await store.countByType()).toEqual({ profile: 1, fact: 1, conversation: 1 });
    expect(await store.countByType('bob')).toEqual({ profile: 0, fact: 0, conversation: 1 });
    expect([...(await store.getMany(['c', 'missing', 'a'])).keys()].sort()).toEqual(['a', 'c']);
    expect((await store.allIds()).sort()).toEqual(['a', 'b', 'c']);

    await store.delete('b');
    expect(await store.get('b')).toBeUndefined();
    expect(await store.count({})).toBe(2);
  });

  it('refuses a second memory in one user slot and a duplicate id', async () => {
    const store = await index();
    await store.insert(row('a', 1, { slot: 'name' }));
    await expect(store.insert(row('b', 2, { slot: 'name' }))).rejects.toThrow();
    await expect(store.insert(row('a', 3))).rejects.toThrow();
    await store.insert(row('c', 4, { userId: 'bob', slot: 'name' }));
    expect(await store.count({})).toBe(2);
  });

  it('pages newest first by (createdAt, seq) and lists oldest first', async () => {
    const store = await index();
    // Two rows share a creation time: insertion order (seq) breaks the tie.
    for (const [id, minute] of [
      ['m1', 1],
      ['m2', 2],
      ['m3', 2],
      ['m4', 3],
      ['m5', 4],
    ] as const)
      await store.insert(row(id, minute));
    await store.insert(row('other', 5, { userId: 'bob' }));

    const ids: string[] = [];
    let after: { createdAt: string; seq: number } | undefined;
    for (;;) {
      const page = await store.page({ userId: 'u' }, 2, after);
      ids.push(...page.map((item) => item.id));
      const last = page.at(-1);
      if (page.length < 2 || !last) break;
      after = { createdAt: last.createdAt, seq: last.seq };
    }
    expect(ids).toEqual(['m5', 'm4', 'm3', 'm2', 'm1']);
    expect((await store.all({ userId: 'u' })).map((item) => item.id)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect((await store.all({})).map((item) => item.id)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'other']);
  });

  it('marks updates and reads, and serves the latest updated rows of a type', async () => {
    const store = await index();
    await store.insert(row('p1', 1, { type: 'profile' }));
    await store.insert(row('p2', 2, { type: 'profile' }));
    await store.insert(row('p3', 3, { type: 'profile' }));
    await store.markUpdated('p1', at(10));
    expect((await store.latest('u', 'profile', 2)).map((item) => item.id)).toEqual(['p1', 'p3']);
    expect(await store.get('p1')).toMatchObject({ updatedAt: at(10), lastAccessedAt: at(10), createdAt: at(1) });

    await store.touch(['p2', 'p3', 'missing'], at(20));
    await store.touch([], at(30));
    expect((await store.get('p2'))?.lastAccessedAt).toBe(at(20));
    expect((await store.get('p3'))?.updatedAt).toBe(at(3));
  });

  it('touches more rows than one statement binds', async () => {
    const store = await index();
    const ids = Array.from({ length: 600 }, (_, position) => `bulk-${position}`);
    for (const id of ids) await store.insert(row(id, 1));
    await store.touch(ids, at(40));
    expect((await store.all({})).every((item) => item.lastAccessedAt === at(40))).toBe(true);
    expect((await store.getMany(ids)).size).toBe(600);
  });

  it('keeps meta values and overwrites them', async () => {
    const store = await index();
    expect(await store.getMeta('embedder')).toBeUndefined();
    await store.setMeta('embedder', 'hashing/384');
    await store.setMeta('embedder', 'hashing/128');
    expect(await store.getMeta('embedder')).toBe('hashing/128');
  });
});
