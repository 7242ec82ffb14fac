import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryKit, type KitDialect, type MemoryKit } from './test-support/memory-kit';

// The index beside Mem0 runs on both databases the studio supports.
describe.each<KitDialect>(['sqlite', 'postgres'])('with the index on %s', (dialect) => {
  let kit: MemoryKit;

  beforeEach(async () => {
    kit = await createMemoryKit({ dialect });
    await kit.manager.add({ type: 'profile', content: 'The user prefers green tea.' });
    await kit.manager.add({ type: 'profile', content: "The user's name is Ada Lovelace." });
    for (const content of [
      'The garden tomatoes need watering every morning.',
      'The garden fence was painted in April.',
      'The garden shed stores the tomatoes seeds.',
      'The car insurance renews in October.',
    ]) {
      await kit.manager.add({ type: 'fact', content });
    }
    await kit.manager.add({ type: 'fact', content: 'The garden tomatoes belong to Bob.', userId: 'bob' });
  });

  afterEach(async () => {
    await kit.close();
  });

  describe('recall', () => {
    it("gives the user's whole profile, the most relevant first, and relevant memories within the configured bounds", async () => {
      kit.config.max_relevant_memories = 2;
      kit.config.similarity_threshold = 0.3;
      const { profile, relevant } = await kit.manager.recall({ userId: 'default', query: 'what is my name?' });
      expect(profile.map((hit) => hit.content)).toEqual([
        "The user's name is Ada Lovelace.",
        'The user prefers green tea.',
      ]);

      const garden = await kit.manager.recall({ userId: 'default', query: 'watering the garden tomatoes' });
      expect(garden.profile).toHaveLength(2);
      expect(garden.relevant).toHaveLength(2);
      expect(garden.relevant[0]?.content).toBe('The garden tomatoes need watering every morning.');
      expect(
        garden.relevant.every(
          (hit) => hit.userId === 'default' && hit.type === 'fact' && hit.content.includes('garden'),
        ),
      ).toBe(true);
      expect(relevant.every((hit) => hit.type !== 'profile')).toBe(true);
    });

    it('leaves out memories below similarity_threshold but always gives the profile', async () => {
      kit.config.similarity_threshold = 0.99;
      const { profile, relevant } = await kit.manager.recall({
        userId: 'default',
        query: 'watering the garden tomatoes',
      });
      expect(relevant).toEqual([]);
      expect(profile).toHaveLength(2);
    });

    it('gives nothing of another user and stops when cancelled', async () => {
      const { profile, relevant } = await kit.manager.recall({ userId: 'carol', query: 'garden tomatoes' });
      expect(profile).toEqual([]);
      expect(relevant).toEqual([]);
      const abort = new AbortController();
      abort.abort();
      await expect(kit.manager.recall({ userId: 'default', query: 'garden' }, abort.signal)).rejects.toMatchObject({
        code: 'CANCELLED',
      });
    });
  });
});
