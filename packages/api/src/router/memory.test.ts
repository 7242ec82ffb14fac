import { createConsoleLogger, createStudio, type Studio } from '@studio/core';
import { MAX_MEMORY_CHARS } from '@studio/shared';
import { TRPCError } from '@trpc/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../root';

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

const open = (dataDir: string) => createStudio({ dataDir, logger: createConsoleLogger('silent'), watchConfig: false });

describe('memory procedures over the real core graph', () => {
  let dataDir: string;
  let studio: Studio;
  let caller: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'studio-api-memory-'));
    studio = await open(dataDir);
    caller = createCaller({ studio, authorized: true });
  });

  afterAll(async () => {
    await studio.close(500);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('adds, gets, updates, searches and deletes, with the history of changes', async () => {
    const added = await caller.memory.add({
      type: 'fact',
      content: 'The office wifi is called Orchard.',
      userId: 'crud',
    });
    expect(await caller.memory.get({ id: added.id })).toEqual(added);
    const updated = await caller.memory.update({ id: added.id, content: 'The office wifi is called Meadow.' });
    expect(updated.content).toBe('The office wifi is called Meadow.');
    const { hits } = await caller.memory.search({ query: 'office wifi meadow', userId: 'crud', type: 'fact' });
    expect(hits.map((hit) => hit.id)).toEqual([added.id]);
    expect(await caller.memory.delete({ id: added.id })).toEqual({ id: added.id, deleted: true });
    const history = await caller.memory.history({ id: added.id });
    expect(history.changes.map((change) => change.action)).toEqual(['ADD', 'UPDATE', 'DELETE']);
  });

  it('answers bad input with BAD_REQUEST or NOT_FOUND and changes nothing', async () => {
    const before = (await caller.memory.list({})).total;
    expect((await failure(caller.memory.add({ type: 'fact', content: '  ' }))).code).toBe('BAD_REQUEST');
    expect((await failure(caller.memory.add({ type: 'wish' as 'fact', content: 'x' }))).code).toBe('BAD_REQUEST');
    expect((await failure(caller.memory.add({ type: 'fact', content: 'y'.repeat(MAX_MEMORY_CHARS + 1) }))).code).toBe(
      'BAD_REQUEST',
    );
    const missing = await failure(caller.memory.get({ id: 'no-such-memory' }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toContain('no-such-memory');
    expect((await failure(caller.memory.update({ id: 'no-such-memory', content: 'z' }))).code).toBe('NOT_FOUND');
    expect((await failure(caller.memory.delete({ id: 'no-such-memory' }))).code).toBe('NOT_FOUND');
    expect((await caller.memory.list({})).total).toBe(before);
  });

  it('pages a list with a total and clears exactly what it names', async () => {
    for (let i = 0; i < 5; i += 1)
      await caller.memory.add({ type: 'conversation', content: `Session note ${i}`, userId: 'pager' });
    await caller.memory.add({ type: 'profile', content: 'The user is a night owl.', userId: 'pager' });
    const first = await caller.memory.list({ userId: 'pager', type: 'conversation', limit: 2 });
    expect(first.total).toBe(5);
    expect(first.items).toHaveLength(2);
    const second = await caller.memory.list({
      userId: 'pager',
      type: 'conversation',
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items.map((item) => item.id)).not.toContain(first.items[0]?.id);

    const preview = await caller.memory.clear({ userId: 'pager', type: 'conversation', keepLatest: 1, dryRun: true });
    expect(preview.deleted).toBe(4);
    expect(preview.ids).toHaveLength(4);
    expect((await caller.memory.list({ userId: 'pager' })).total).toBe(6);
    expect(await caller.memory.clear({ userId: 'pager', type: 'conversation', keepLatest: 1 })).toEqual({ deleted: 4 });
    expect((await caller.memory.list({ userId: 'pager' })).items.map((item) => item.type).sort()).toEqual([
      'conversation',
      'profile',
    ]);
  });

  it('remembers a name told in one chat session and answers it offline in a new one', async () => {
    const first = await caller.chat.send({ message: 'Hello! My name is Ada Lovelace.', userId: 'ada' });
    await studio.memory.idle();
    const profile = await caller.memory.list({ userId: 'ada', type: 'profile' });
    expect(profile.items.map((item) => item.content)).toEqual(["The user's name is Ada Lovelace."]);

    const second = await caller.chat.send({ message: 'What is my name?', userId: 'ada' });
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(second.mode).toBe('offline');
    expect(second.reply).toContain('Ada Lovelace');
  });

  it('reports memory in health', async () => {
    const health = await caller.health();
    expect(health.components.memory.status).toBe('ok');
    expect(health.components.memory.detail).toContain('capture by rules');
  });
});

describe('memory across a restart', () => {
  it('keeps memories, their order, history and search after closing and reopening the data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'studio-api-memory-restart-'));
    try {
      let studio = await open(dataDir);
      let caller = createCaller({ studio, authorized: true });
      const fact = await caller.memory.add({ type: 'fact', content: 'The spare key is in the red box.' });
      await caller.memory.update({ id: fact.id, content: 'The spare key is in the green box.' });
      studio.memory.captureTurn({
        userId: 'default',
        sessionId: 's-restart',
        userMessage: 'I live in Porto.',
        assistantReply: 'Nice.',
      });
      await studio.memory.idle();
      const before = await caller.memory.list({});
      expect(before.total).toBe(3);
      await studio.close(500);

      studio = await open(dataDir);
      caller = createCaller({ studio, authorized: true });
      try {
        expect(await caller.memory.list({})).toEqual(before);
        expect((await caller.memory.history({ id: fact.id })).changes.map((change) => change.action)).toEqual([
          'ADD',
          'UPDATE',
        ]);
        const { hits } = await caller.memory.search({ query: 'where is the spare key', type: 'fact' });
        expect(hits[0]?.content).toBe('The spare key is in the green box.');
        const recall = await studio.memory.recall({ userId: 'default', query: 'where do I live?' });
        expect(recall.profile.map((hit) => hit.content)).toEqual(['The user lives in Porto.']);
      } finally {
        await studio.close(500);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
