import { createConsoleLogger, createStudio, type Studio } from '@studio/core';
import { TRPCError } from '@trpc/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../root';

describe('executions procedures over the real core graph (offline)', () => {
  let dataDir: string;
  let studio: Studio;
  let caller: ReturnType<typeof createCaller>;
  const open = async () => {
    studio = await createStudio({ dataDir, logger: createConsoleLogger('silent'), watchConfig: false });
    caller = createCaller({ studio, authorized: true });
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'studio-api-executions-'));
    await open();
  });
  afterAll(async () => {
    await studio.close(200);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs a multi-part chat request as a plan and reads the execution back', async () => {
    const sent = await caller.chat.send({ message: 'What is 12 * (3 + 4)? And what is 2 ^ 10?' });
    // Each result under its task, the calculator's number alone.
    expect(sent.reply).toMatch(/\*\*What is 12 \* \(3 \+ 4\)\*\*\n84\b/);
    expect(sent.reply).toMatch(/\n1024\b/);
    const execution = await caller.executions.get({ executionId: sent.executionId });
    expect(execution).toMatchObject({
      executionId: sent.executionId,
      sessionId: sent.sessionId,
      kind: 'plan',
      status: 'completed',
      answer: sent.reply,
    });
    expect(execution.tasks.map((task) => [task.status, task.assignedAgent, task.attempts])).toEqual([
      ['completed', 'analyst', 1],
      ['completed', 'analyst', 1],
    ]);
    const history = await caller.chat.history({ sessionId: sent.sessionId });
    expect(history.messages.at(-1)).toMatchObject({ role: 'assistant', content: sent.reply });
  });

  it('lists executions newest first, by session, with a cursor', async () => {
    const first = await caller.chat.send({ message: 'First compute 1 + 1, then compute 2 + 2.' });
    const second = await caller.chat.send({
      sessionId: first.sessionId,
      message: 'First compute 3 + 3, then compute 4 + 4.',
    });
    const page = await caller.executions.list({ sessionId: first.sessionId, limit: 1 });
    expect(page.items.map((item) => item.executionId)).toEqual([second.executionId]);
    expect(page.nextCursor).not.toBeNull();
    const rest = await caller.executions.list({
      sessionId: first.sessionId,
      limit: 1,
      cursor: page.nextCursor ?? undefined,
    });
    expect(rest).toMatchObject({
      items: [{ executionId: first.executionId, tasks: [{ dependencies: [] }, { dependencies: ['task_1'] }] }],
      nextCursor: null,
    });
    expect((await caller.executions.list({})).items.length).toBeGreaterThanOrEqual(3);
  });

  it('answers an unknown execution with NOT_FOUND and bad input with BAD_REQUEST', async () => {
    const missing = await caller.executions.get({ executionId: 'nope' }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(TRPCError);
    expect(missing).toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.executions.list({ limit: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('marks an execution still running at restart as interrupted', async () => {
    const sent = await caller.chat.send({ message: 'What is 5 * 5? What is 6 * 6?' });
    // As if the process died mid-run: the row still says running when the next process opens it.
    await studio.db.run("UPDATE executions SET status = 'running', finished_at = NULL WHERE id = ?", [
      sent.executionId,
    ]);
    await studio.close(200);
    await open();
    expect(await caller.executions.get({ executionId: sent.executionId })).toMatchObject({ status: 'interrupted' });
  });
});
