import type { ConfigEvent, ConfigSectionName, ConfigUpdateInput } from '@studio/shared';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestStudio, type TestStudio } from './helpers';

/** Twenty different keys over three sections; every value is valid whatever order the edits land in. */
const EDITS: { section: ConfigSectionName; key: string; value: unknown }[] = [
  { section: 'context', key: 'chunk_size', value: 1400 },
  { section: 'context', key: 'chunk_overlap', value: 150 },
  { section: 'context', key: 'max_file_size_mb', value: 50 },
  { section: 'context', key: 'supported_file_types', value: ['pdf', 'txt'] },
  { section: 'context', key: 'ocr_enabled', value: false },
  { section: 'context', key: 'ocr_language', value: 'deu' },
  { section: 'context', key: 'retrieval_k', value: 4 },
  { section: 'context', key: 'use_mmr', value: false },
  { section: 'context', key: 'mmr_lambda', value: 0.4 },
  { section: 'memory', key: 'profile_ttl_days', value: 100 },
  { section: 'memory', key: 'facts_ttl_days', value: 90 },
  { section: 'memory', key: 'conversation_ttl_days', value: 7 },
  { section: 'memory', key: 'max_relevant_memories', value: 3 },
  { section: 'memory', key: 'similarity_threshold', value: 0.5 },
  { section: 'memory', key: 'context_window_size', value: 2 },
  { section: 'memory', key: 'retention_policy', value: 'fifo' },
  { section: 'memory', key: 'max_memories_per_type', value: 500 },
  { section: 'memory', key: 'retention_interval_minutes', value: 15 },
  { section: 'orchestrator', key: 'max_iterations', value: 9 },
  { section: 'orchestrator', key: 'timeout_seconds', value: 400 },
];

describe('config.update from many clients at once, over real HTTP', () => {
  let app: TestStudio;

  beforeAll(async () => {
    app = await startTestStudio();
  });
  afterAll(() => app.close());

  it('keeps every accepted edit of 20 concurrent clients, with strictly increasing versions', async () => {
    const watcher = app.client({ transport: 'ws' });
    const seen: ConfigEvent[] = [];
    await new Promise<void>((resolve) =>
      watcher.trpc.events.config.subscribe(
        {},
        { onStarted: () => resolve(), onData: (event) => seen.push(event.data) },
      ),
    );
    const before = await app.client().trpc.config.versions.query();

    // Half the clients send plain patches; the other half read the version and retry on CONFLICT.
    const results = await Promise.all(
      EDITS.map(async ({ section, key, value }, index) => {
        const { trpc } = app.client();
        const input = { section, values: { [key]: value } } as ConfigUpdateInput;
        if (index % 2 === 0) return trpc.config.update.mutate(input);
        for (;;) {
          const expectedVersion = (await trpc.config.versions.query())[section];
          try {
            return await trpc.config.update.mutate({ ...input, expectedVersion });
          } catch (error) {
            if (!(error instanceof TRPCClientError) || error.data?.httpStatus !== 409) throw error;
          }
        }
      }),
    );

    const config = await app.client().trpc.config.get.query();
    for (const { section, key, value } of EDITS) expect(config[section]).toMatchObject({ [key]: value });
    for (const section of ['context', 'memory', 'orchestrator'] as const) {
      const versions = results.filter((result) => result.section === section).map((result) => result.version);
      const count = EDITS.filter((edit) => edit.section === section).length;
      // Each accepted edit got its own version, one after the other from where the section stood.
      expect([...versions].sort((a, b) => a - b)).toEqual(
        Array.from({ length: count }, (_, offset) => before[section] + offset + 1),
      );
      const announced = await waitForAnnounced(seen, section, before[section] + count);
      expect(announced).toEqual([...announced].sort((a, b) => a - b));
    }
  });

  it('answers a stale expectedVersion with HTTP 409, CONFLICT and the current version, changing nothing', async () => {
    const { trpc } = app.client();
    const current = await trpc.config.update.mutate({ section: 'planner', values: { max_tasks_per_request: 7 } });
    const response = await fetch(`${app.url}/trpc/config.update`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        section: 'planner',
        values: { max_tasks_per_request: 2 },
        expectedVersion: current.version - 1,
      }),
    });
    expect(response.status).toBe(409);
    const body = (await response.json()) as {
      error: { message: string; data: { code: string; domainCode: string; details: { currentVersion: number } } };
    };
    expect(body.error.data).toMatchObject({
      code: 'CONFLICT',
      domainCode: 'CONFIG_VERSION_CONFLICT',
      details: { currentVersion: current.version },
    });
    expect(await trpc.config.section.query({ section: 'planner' })).toMatchObject({ max_tasks_per_request: 7 });
  });
});

/** The versions announced on `events.config` for a section, once the last expected one has arrived. */
async function waitForAnnounced(seen: ConfigEvent[], section: ConfigSectionName, last: number): Promise<number[]> {
  await vi.waitFor(() => expect(versionsOf(seen, section)).toContain(last), { timeout: 5000 });
  return versionsOf(seen, section);
}

function versionsOf(seen: ConfigEvent[], section: ConfigSectionName): number[] {
  return seen.flatMap((event) => ('version' in event && event.section === section ? [event.version] : []));
}
