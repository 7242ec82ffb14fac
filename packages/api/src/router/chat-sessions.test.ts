import { createConsoleLogger, createStudio, type Studio } from '@studio/core';
import { TRPCError } from '@trpc/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../root';

describe('managing chat sessions (rename, delete with undo, search)', () => {
  let dataDir: string;
  let studio: Studio;
  let caller: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'studio-api-sessions-'));
    studio = await createStudio({ dataDir, logger: createConsoleLogger('silent'), watchConfig: false });
    caller = createCaller({ studio, authorized: true });
  });

  afterAll(async () => {
    await studio.close(200);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const titles = async (query?: string) =>
    (await caller.chat.sessions({ limit: 50, query })).items.map((item) => item.title);

  it('titles a session from its first question and renames it', async () => {
    const { sessionId } = await caller.chat.send({ message: 'What is the notice period?\nThanks' });
    expect(await titles()).toContain('What is the notice period?');
    const renamed = await caller.chat.renameSession({ sessionId, title: '  Notice periods  ' });
    expect(renamed).toMatchObject({ sessionId, title: 'Notice periods', messageCount: 2 });
    expect(await titles()).toContain('Notice periods');
    await expect(caller.chat.renameSession({ sessionId, title: '   ' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('searches titles case-insensitively, with % and _ taken literally', async () => {
    await caller.chat.send({ message: 'Budget for 100% of Q3' });
    await caller.chat.send({ message: 'Holiday plans' });
    expect(await titles('budget')).toEqual(['Budget for 100% of Q3']);
    expect(await titles('100%')).toEqual(['Budget for 100% of Q3']);
    expect(await titles('_')).toEqual([]);
    expect(await titles('HOLIDAY')).toEqual(['Holiday plans']);
  });

  it('deletes a session out of the list and its history, and restores it on undo', async () => {
    const { sessionId } = await caller.chat.send({ message: 'Delete me later' });
    expect(await caller.chat.deleteSession({ sessionId })).toEqual({ sessionId, deleted: true });
    expect(await titles()).not.toContain('Delete me later');
    const error = await caller.chat.history({ sessionId }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('NOT_FOUND');
    await expect(caller.chat.deleteSession({ sessionId })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    expect(await caller.chat.restoreSession({ sessionId })).toEqual({ sessionId, restored: true });
    expect(await titles()).toContain('Delete me later');
    expect((await caller.chat.history({ sessionId })).messages).toHaveLength(2);
    await expect(caller.chat.restoreSession({ sessionId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists each session once across pages', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await caller.chat.sessions({ limit: 2, cursor });
      seen.push(...page.items.map((item) => item.sessionId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe((await caller.chat.sessions({ limit: 50 })).items.length);
  });
});
