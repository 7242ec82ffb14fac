import { describe, expect, it } from 'vitest';
import { planRetention } from './retention';
import { RetentionScheduler } from './retention-scheduler';
import { createMemoryKit, ManualTimer } from './test-support/memory-kit';
import { defaultConfig } from '@studio/shared';

describe('retention by TTL', () => {
  it('removes each type after its own TTL since last use, and a recalled memory lives on', async () => {
    const kit = await createMemoryKit();
    try {
      kit.config.conversation_ttl_days = 30;
      kit.config.facts_ttl_days = 180;
      const conversation = await kit.manager.add({ type: 'conversation', content: 'Talked about the garden.' });
      const fact = await kit.manager.add({ type: 'fact', content: 'The garden has three apple trees.' });
      const usedFact = await kit.manager.add({ type: 'fact', content: 'The shed key is under the blue pot.' });

      kit.clock.advanceDays(31);
      expect(await kit.manager.clear({ applyRetention: true })).toEqual({ deleted: 1 });
      await expect(kit.manager.get(conversation.id)).rejects.toMatchObject({ code: 'MEMORY_NOT_FOUND' });

      kit.clock.advanceDays(100);
      await kit.manager.get(usedFact.id);
      kit.clock.advanceDays(50);
      expect(await kit.manager.clear({ applyRetention: true, dryRun: true })).toEqual({ deleted: 1, ids: [fact.id] });
      expect(await kit.manager.applyRetention()).toBe(1);
      expect((await kit.manager.list()).items.map((item) => item.id)).toEqual([usedFact.id]);
    } finally {
      await kit.close();
    }
  });

  it('runs on the configured schedule', async () => {
    const kit = await createMemoryKit();
    try {
      kit.config.retention_interval_minutes = 15;
      kit.manager.start();
      expect(kit.timer.scheduled.map((entry) => entry.delayMs)).toEqual([15 * 60_000]);
      await kit.manager.add({ type: 'conversation', content: 'An old chat.' });
      kit.clock.advanceDays(kit.config.conversation_ttl_days + 1);
      kit.config.retention_interval_minutes = 5;
      kit.timer.fire();
      // The next run is scheduled once this one has finished, at the interval configured now.
      await expect.poll(() => kit.timer.scheduled.map((entry) => entry.delayMs)).toEqual([5 * 60_000]);
      expect((await kit.manager.list()).total).toBe(0);
    } finally {
      await kit.close();
    }
  });
});

describe('retention by count', () => {
  for (const policy of ['fifo', 'lru'] as const) {
    it(`keeps max_memories_per_type per user and type under ${policy}`, async () => {
      const kit = await createMemoryKit();
      try {
        const ids: string[] = [];
        for (let i = 0; i < 5; i += 1) {
          kit.clock.advance(60_000);
          ids.push((await kit.manager.add({ type: 'fact', content: `Numbered fact ${i}` })).id);
        }
        await kit.manager.add({ type: 'profile', content: 'The user is left-handed.' });
        await kit.manager.add({ type: 'fact', content: 'Another user fact', userId: 'bob' });
        kit.clock.advance(60_000);
        await kit.manager.get(ids[0] ?? '');

        kit.config.max_memories_per_type = 3;
        kit.config.retention_policy = policy;
        expect(await kit.manager.clear({ applyRetention: true })).toEqual({ deleted: 2 });

        const left = (await kit.manager.list({ type: 'fact', userId: 'default' })).items.map((item) => item.id);
        const expected = policy === 'fifo' ? [ids[4], ids[3], ids[2]] : [ids[4], ids[3], ids[0]];
        expect(left).toEqual(expected);
        expect((await kit.manager.list({ userId: 'bob' })).total).toBe(1);
        expect((await kit.manager.list({ type: 'profile' })).total).toBe(1);
      } finally {
        await kit.close();
      }
    });
  }
});

describe('clear with filters', () => {
  it('deletes exactly what the filters name and previews it with dryRun', async () => {
    const kit = await createMemoryKit();
    try {
      const old = await kit.manager.add({ type: 'fact', content: 'Old fact' });
      kit.clock.advanceDays(10);
      const recent = await kit.manager.add({ type: 'fact', content: 'Recent fact' });
      const profile = await kit.manager.add({ type: 'profile', content: 'Profile line' });
      const bobs = await kit.manager.add({ type: 'fact', content: 'Bob fact', userId: 'bob' });
      kit.clock.advanceDays(1);

      expect(await kit.manager.clear({ type: 'fact', userId: 'default', olderThanDays: 5, dryRun: true })).toEqual({
        deleted: 1,
        ids: [old.id],
      });
      expect((await kit.manager.list()).total).toBe(4);
      expect(await kit.manager.clear({ type: 'fact', userId: 'default', olderThanDays: 5 })).toEqual({ deleted: 1 });
      expect(await kit.manager.clear({ userId: 'default', keepLatest: 1, dryRun: true })).toEqual({
        deleted: 1,
        ids: [recent.id],
      });
      expect(await kit.manager.clear({ userId: 'bob' })).toEqual({ deleted: 1 });
      await expect(kit.manager.get(bobs.id)).rejects.toMatchObject({ code: 'MEMORY_NOT_FOUND' });
      expect((await kit.manager.list()).items.map((item) => item.id).sort()).toEqual([profile.id, recent.id].sort());
      expect(await kit.manager.clear({})).toEqual({ deleted: 2 });
    } finally {
      await kit.close();
    }
  });
});

describe('planRetention', () => {
  it('evicts nothing while under every limit', () => {
    const at = '2026-01-01T00:00:00.000Z';
    const rows = [
      {
        seq: 1,
        id: 'a',
        userId: 'u',
        type: 'fact' as const,
        slot: null,
        createdAt: at,
        updatedAt: at,
        lastAccessedAt: at,
      },
    ];
    expect(planRetention(rows, defaultConfig().memory, new Date(at)).size).toBe(0);
  });
});

describe('RetentionScheduler', () => {
  it('stops cleanly and never schedules after stop', async () => {
    const timer = new ManualTimer();
    let runs = 0;
    const scheduler = new RetentionScheduler(
      async () => {
        runs += 1;
        throw new Error('a failing run does not end the schedule');
      },
      () => 1000,
      timer,
    );
    scheduler.start();
    timer.fire();
    await expect.poll(() => timer.scheduled.length).toBe(1);
    scheduler.stop();
    expect(timer.scheduled).toHaveLength(0);
    expect(runs).toBe(1);
  });
});
