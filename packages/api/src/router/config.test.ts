import { createConsoleLogger, createStudio, type Studio } from '@studio/core';
import { TRPCError } from '@trpc/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../root';

describe('config procedures over the real core graph', () => {
  let dataDir: string;
  let studio: Studio;
  let caller: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'studio-api-'));
    studio = await createStudio({ dataDir, logger: createConsoleLogger('silent'), watchConfig: false });
    caller = createCaller({ studio, authorized: true });
  });

  afterAll(async () => {
    await studio.close(100);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('returns all five sections', async () => {
    const config = await caller.config.get();
    expect(Object.keys(config).sort()).toEqual(['agent_generator', 'context', 'memory', 'orchestrator', 'planner']);
  });

  it('updates a section and reads it back', async () => {
    const updated = await caller.config.update({ section: 'orchestrator', values: { max_iterations: 9 } });
    expect(updated.values).toMatchObject({ max_iterations: 9, token_budget: 50_000 });
    expect(await caller.config.section({ section: 'orchestrator' })).toMatchObject({ max_iterations: 9 });
  });

  it('maps a broken cross-field rule to BAD_REQUEST with a domain code and field errors', async () => {
    const error = await caller.config
      .update({ section: 'context', values: { chunk_size: 200, chunk_overlap: 300 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect((error as TRPCError).message).toContain('chunk_overlap must be smaller than chunk_size');
    expect(await caller.config.section({ section: 'context' })).toMatchObject({ chunk_size: 1000 });
  });

  it('refuses a value of the wrong type and an unknown key', async () => {
    await expect(
      caller.config.update({ section: 'memory', values: { similarity_threshold: 'high' } } as never),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      caller.config.update({ section: 'memory', values: { no_such_key: 1 } } as never),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses an unknown section', async () => {
    await expect(caller.config.section({ section: 'nope' } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('requires the token when the context is not authorized', async () => {
    const anonymous = createCaller({ studio, authorized: false });
    await expect(anonymous.health()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('reports health with the store ok', async () => {
    const health = await caller.health();
    expect(health.components.store.status).toBe('ok');
    expect(health.status).toBe('ok');
  });
});
