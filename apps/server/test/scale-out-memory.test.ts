import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestClient } from './helpers';
import { startSharedEngines, stopChild, type SharedEngines } from './shared-engines';
import { spawnServer } from './spawn-server';

/**
 * Memory across hosts: two real server processes on one PostgreSQL, Redis and Chroma, each with a
 * DATA_DIR of its own and nothing else shared. A fact written through A is found by memory.search on
 * B with its history, A's profile memory reaches the model through B's chat, and B's capture of that
 * turn is listed on A.
 */
let engines: SharedEngines;
const children: ChildProcess[] = [];
let a: { url: string };
let b: { url: string };

beforeAll(async () => {
  engines = await startSharedEngines();
  // One at a time: the first applies the schema (the second would wait on its lock anyway).
  const first = await spawnServer({ ...engines.env, DATA_DIR: engines.dataDir('host-a') });
  children.push(first.child);
  const second = await spawnServer({ ...engines.env, DATA_DIR: engines.dataDir('host-b') });
  children.push(second.child);
  a = first;
  b = second;
}, 120_000);

afterAll(async () => {
  await Promise.all(children.map(stopChild));
  await engines?.close();
});

describe('memory shared by two processes on separate disks', () => {
  it("recalls on B a memory added on A: in memory.search, its history, and B's chat prompt", async () => {
    const onA = createTestClient(a.url);
    const onB = createTestClient(b.url);
    try {
      const added = await onA.trpc.memory.add.mutate({
        type: 'fact',
        content: 'The lighthouse generator is serviced every second Tuesday.',
        userId: 'keeper',
        metadata: { tags: ['generator', 'schedule'] },
      });
      await onA.trpc.memory.update.mutate({
        id: added.id,
        content: 'The lighthouse generator is serviced every second Wednesday.',
      });

      const { hits } = await onB.trpc.memory.search.query({
        query: 'when is the generator serviced',
        userId: 'keeper',
      });
      expect(hits[0]).toMatchObject({
        id: added.id,
        content: 'The lighthouse generator is serviced every second Wednesday.',
        metadata: { tags: ['generator', 'schedule'] },
      });
      const history = await onB.trpc.memory.history.query({ id: added.id });
      expect(history.changes.map((change) => change.action)).toEqual(['ADD', 'UPDATE']);

      // The profile A stored is handed to the model by B's chat.
      await onA.trpc.memory.add.mutate({
        type: 'profile',
        content: 'The user keeps the North Point lighthouse.',
        userId: 'keeper',
      });
      engines.llm.enqueue({ content: 'You keep the North Point lighthouse.' });
      const answer = await onB.trpc.chat.send.mutate({ message: 'Which lighthouse do I keep?', userId: 'keeper' });
      expect(answer.reply).toBe('You keep the North Point lighthouse.');
      const prompt = JSON.stringify(engines.llm.requests.at(-1)?.messages);
      expect(prompt).toContain('The user keeps the North Point lighthouse.');

      // B captured that turn (its conversation summary): A lists it, from its own disk-less view.
      await vi.waitFor(
        async () => {
          const conversations = await onA.trpc.memory.list.query({ userId: 'keeper', type: 'conversation' });
          expect(conversations.total).toBe(1);
        },
        { timeout: 10_000 },
      );
    } finally {
      onA.close();
      onB.close();
    }
  });
});
