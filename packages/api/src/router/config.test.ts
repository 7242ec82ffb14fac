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

  it('returns all seven sections', async () => {
    const config = await caller.config.get();
    expect(Object.keys(config).sort()).toEqual([
      'agent_generator',
      'context',
      'llm',
      'memory',
      'orchestrator',
      'planner',
      'tools',
    ]);
  });

  it('updates a section and reads it back', async () => {
    const updated = await caller.config.update({ section: 'orchestrator', values: { max_iterations: 9 } });
    expect(updated.values).toMatchObject({ max_iterations: 9, token_budget: 50_000 });
    expect(await caller.config.section({ section: 'orchestrator' })).toMatchObject({ max_iterations: 9 });
  });

  it('keeps the rest of the section when a later update names another key (issue 13.1)', async () => {
    await caller.config.update({ section: 'orchestrator', values: { max_iterations: 9 } });
    await caller.config.update({ section: 'orchestrator', values: { timeout_seconds: 400 } });
    expect(await caller.config.section({ section: 'orchestrator' })).toMatchObject({
      max_iterations: 9,
      timeout_seconds: 400,
    });
  });

  it('keeps every one of nine concurrent updates to different keys of one section', async () => {
    const edits = [
      { chunk_size: 1400 },
      { chunk_overlap: 150 },
      { max_file_size_mb: 50 },
      { supported_file_types: ['pdf', 'txt'] },
      { ocr_enabled: false },
      { ocr_language: 'deu' },
      { retrieval_k: 4 },
      { use_mmr: false },
      { mmr_lambda: 0.4 },
    ] as const;
    const results = await Promise.all(
      edits.map((values) => caller.config.update({ section: 'context', values: { ...values } })),
    );
    const context = await caller.config.section({ section: 'context' });
    for (const values of edits) expect(context).toMatchObject(values);
    expect(new Set(results.map((result) => result.version)).size).toBe(edits.length);
  });

  it('answers CONFLICT with the current version when expectedVersion is stale, and applies a matching one', async () => {
    const current = await caller.config.update({ section: 'planner', values: { max_tasks_per_request: 8 } });
    const error = await caller.config
      .update({ section: 'planner', values: { max_tasks_per_request: 3 }, expectedVersion: current.version - 1 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('CONFLICT');
    expect((error as TRPCError).message).toContain(`version ${current.version}`);
    expect(await caller.config.section({ section: 'planner' })).toMatchObject({ max_tasks_per_request: 8 });
    expect((await caller.config.versions()).planner).toBe(current.version);
    const next = await caller.config.update({
      section: 'planner',
      values: { max_tasks_per_request: 3 },
      expectedVersion: current.version,
    });
    expect(next.version).toBe(current.version + 1);
  });

  it('maps a broken cross-field rule to BAD_REQUEST with a domain code and field errors', async () => {
    const before = await caller.config.section({ section: 'context' });
    const error = await caller.config
      .update({ section: 'context', values: { chunk_size: 200, chunk_overlap: 300 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect((error as TRPCError).message).toContain('chunk_overlap must be smaller than chunk_size');
    expect(await caller.config.section({ section: 'context' })).toEqual(before);
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
