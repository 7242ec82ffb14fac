import { MAX_MEMORY_CHARS } from '@studio/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryKit, type KitDialect, type MemoryKit } from './test-support/memory-kit';

// The index beside Mem0 runs on both databases the studio supports.
describe.each<KitDialect>(['sqlite', 'postgres'])('with the index on %s', (dialect) => {
  let kit: MemoryKit;

  beforeEach(async () => {
    kit = await createMemoryKit({ dialect });
  });

  afterEach(async () => {
    await kit.close();
  });

  describe('memory CRUD', () => {
    it('adds, reads, updates (re-embedding) and deletes a memory, keeping its history', async () => {
      const added = await kit.manager.add({
        type: 'fact',
        content: 'The project deadline is March 3.',
        metadata: { topic: 'work' },
      });
      expect(added).toMatchObject({
        type: 'fact',
        content: 'The project deadline is March 3.',
        userId: 'default',
        metadata: { topic: 'work' },
      });
      expect(await kit.manager.get(added.id)).toEqual(added);

      kit.clock.advance(1000);
      const updated = await kit.manager.update({ id: added.id, content: 'The quarterly report is due in June.' });
      expect(updated.content).toBe('The quarterly report is due in June.');
      expect(updated.createdAt).toBe(added.createdAt);
      expect(updated.updatedAt > added.updatedAt).toBe(true);
      expect(updated.metadata).toMatchObject({ topic: 'work' });

      // Re-embedded: the new wording is what search finds now.
      const { hits } = await kit.manager.search({ query: 'quarterly report due', k: 1 });
      expect(hits[0]?.id).toBe(added.id);

      await expect(kit.manager.delete(added.id)).resolves.toEqual({ id: added.id, deleted: true });
      await expect(kit.manager.get(added.id)).rejects.toMatchObject({ code: 'MEMORY_NOT_FOUND', kind: 'not_found' });
      const history = await kit.manager.history(added.id);
      expect(history.map((change) => change.action)).toEqual(['ADD', 'UPDATE', 'DELETE']);
      expect(history[1]).toMatchObject({
        previousContent: 'The project deadline is March 3.',
        newContent: 'The quarterly report is due in June.',
      });
    });

    it('merges metadata on update and keeps the type out of it', async () => {
      const added = await kit.manager.add({
        type: 'profile',
        content: 'The user prefers dark mode.',
        metadata: { type: 'fact', origin: 'settings' },
      });
      expect(added.type).toBe('profile');
      expect(added.metadata).toEqual({ source: 'manual', origin: 'settings' });
      const updated = await kit.manager.update({ id: added.id, metadata: { confidence: 0.9 } });
      expect(updated.metadata).toEqual({ source: 'manual', origin: 'settings', confidence: 0.9 });
      expect(updated.content).toBe('The user prefers dark mode.');
    });

    it('refuses bad input with clear errors and changes nothing', async () => {
      const kept = await kit.manager.add({ type: 'fact', content: 'Kept.' });
      await expect(kit.manager.add({ type: 'fact', content: '   ' })).rejects.toMatchObject({
        code: 'MEMORY_CONTENT_EMPTY',
        kind: 'invalid_input',
      });
      await expect(kit.manager.add({ type: 'fact', content: 'x'.repeat(MAX_MEMORY_CHARS + 1) })).rejects.toMatchObject({
        code: 'MEMORY_CONTENT_TOO_LONG',
      });
      await expect(kit.manager.add({ type: 'secret' as 'fact', content: 'hidden' })).rejects.toMatchObject({
        code: 'MEMORY_TYPE_UNKNOWN',
      });
      await expect(kit.manager.update({ id: kept.id, content: '' })).rejects.toMatchObject({
        code: 'MEMORY_CONTENT_EMPTY',
      });
      await expect(kit.manager.update({ id: kept.id })).rejects.toMatchObject({ code: 'MEMORY_NOTHING_TO_UPDATE' });
      await expect(kit.manager.update({ id: 'nope', content: 'x' })).rejects.toMatchObject({
        code: 'MEMORY_NOT_FOUND',
      });
      await expect(kit.manager.delete('nope')).rejects.toMatchObject({ code: 'MEMORY_NOT_FOUND' });
      await expect(kit.manager.history('nope')).rejects.toMatchObject({ code: 'MEMORY_NOT_FOUND' });
      await expect(kit.manager.list({ cursor: 'garbage' })).rejects.toMatchObject({ code: 'MEMORY_BAD_CURSOR' });

      const { items, total } = await kit.manager.list();
      expect(total).toBe(1);
      expect(items[0]).toEqual(kept);
    });
  });

  describe('memory list and search', () => {
    it('pages newest first with a total, filtered by type and user', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 7; i += 1) {
        kit.clock.advance(1000);
        ids.push((await kit.manager.add({ type: i % 2 === 0 ? 'fact' : 'profile', content: `Memory number ${i}` })).id);
      }
      await kit.manager.add({ type: 'fact', content: 'Someone else', userId: 'bob' });

      const seen: string[] = [];
      let cursor: string | undefined;
      const totals: number[] = [];
      do {
        const page = await kit.manager.list({ userId: 'default', limit: 3, cursor });
        seen.push(...page.items.map((item) => item.id));
        totals.push(page.total);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual([...ids].reverse());
      expect(totals).toEqual([7, 7, 7]);

      const facts = await kit.manager.list({ type: 'fact', userId: 'default' });
      expect(facts.total).toBe(4);
      expect(facts.items.every((item) => item.type === 'fact')).toBe(true);
      expect((await kit.manager.list()).total).toBe(8);
      expect((await kit.manager.list({ userId: 'bob' })).items.map((item) => item.content)).toEqual(['Someone else']);
    });

    it('searches by meaning within a type and a user', async () => {
      await kit.manager.add({ type: 'profile', content: 'The user loves hiking in the Alps.' });
      const fact = await kit.manager.add({ type: 'fact', content: 'Hiking boots were ordered on Monday.' });
      await kit.manager.add({ type: 'fact', content: 'Hiking trip planned', userId: 'bob' });

      const facts = await kit.manager.search({ query: 'hiking boots', type: 'fact', userId: 'default' });
      expect(facts.hits.map((hit) => hit.id)).toEqual([fact.id]);
      expect(facts.hits[0]?.score).toBeGreaterThan(0);

      const everyone = await kit.manager.search({ query: 'hiking' });
      expect(everyone.hits).toHaveLength(3);
    });
  });
});
