import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../errors/domain-error';
import type { BusEvent } from '../events/event-bus';
import { InMemoryEventBus } from '../events/in-memory-event-bus';
import type { StudioTopics } from '../events/topics';
import { createConsoleLogger } from '../logger';
import { openDatabase } from '../store/database';
import type { Sql } from '../store/sql';
import { allMigrations } from '../all-migrations';
import { ConfigHistory } from './config-history';
import { ConfigService } from './config-service';

describe('ConfigService', () => {
  let dataDir: string;
  let db: Sql;
  let bus: InMemoryEventBus;
  let events: BusEvent<StudioTopics['config-change']>[];
  let service: ConfigService;

  const build = async () => {
    const created = new ConfigService({
      dir: join(dataDir, 'config'),
      db,
      bus,
      logger: createConsoleLogger('silent'),
      debounceMs: 30,
    });
    await created.start();
    return created;
  };

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'studio-config-'));
    db = await openDatabase({ file: join(dataDir, 'studio.db') }, allMigrations);
    bus = new InMemoryEventBus();
    events = [];
    bus.subscribe('config-change', (event) => events.push(event));
    service = await build();
  });

  afterEach(async () => {
    await service.stop();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with typed defaults and writes one YAML file per section', () => {
    expect(service.section('orchestrator')).toMatchObject({
      max_iterations: 6,
      token_budget: 50_000,
      timeout_seconds: 300,
    });
    expect(service.section('context')).toMatchObject({ chunk_size: 1000, chunk_overlap: 100, use_mmr: true });
    expect(service.section('memory').retention_policy).toBe('lru');
    for (const section of ['orchestrator', 'planner', 'agent_generator', 'context', 'memory']) {
      expect(readFileSync(join(dataDir, 'config', `${section}.yaml`), 'utf8')).toContain(':');
    }
  });

  it('round-trips an update through disk and a restart, recording each version', async () => {
    const result = await service.update({ section: 'context', values: { chunk_size: 1500, retrieval_k: 4 } });
    expect(result.values).toMatchObject({ chunk_size: 1500, retrieval_k: 4, chunk_overlap: 100 });
    expect(readFileSync(join(dataDir, 'config', 'context.yaml'), 'utf8')).toContain('chunk_size: 1500');
    expect(events.at(-1)?.data).toMatchObject({ section: 'context', source: 'api', version: result.version });

    await service.stop();
    service = await build();
    expect(service.section('context')).toMatchObject({ chunk_size: 1500, retrieval_k: 4 });
    expect(service.version('context')).toBe(result.version);
    expect((await new ConfigHistory(db).list('context')).map((version) => version.values.chunk_size)).toEqual([
      1000, 1500,
    ]);
  });

  it('refuses an update that breaks a cross-field rule and changes nothing', async () => {
    const before = readFileSync(join(dataDir, 'config', 'context.yaml'), 'utf8');
    const versions = (await new ConfigHistory(db).list('context')).length;
    const caught = await service
      .update({ section: 'context', values: { chunk_overlap: 2000 } })
      .catch((error: unknown) => error);
    expect(DomainError.isInstance(caught)).toBe(true);
    expect((caught as DomainError).code).toBe('CONFIG_INVALID');
    expect((caught as DomainError).issues).toEqual([
      { path: 'values.chunk_overlap', message: 'chunk_overlap must be smaller than chunk_size' },
    ]);
    expect(service.section('context').chunk_overlap).toBe(100);
    expect(readFileSync(join(dataDir, 'config', 'context.yaml'), 'utf8')).toBe(before);
    expect(await new ConfigHistory(db).list('context')).toHaveLength(versions);
  });

  it('applies concurrent updates one after the other, losing none', async () => {
    const [first, second] = await Promise.all([
      service.update({ section: 'context', values: { chunk_size: 1200 } }),
      service.update({ section: 'context', values: { retrieval_k: 7 } }),
    ]);
    expect(second.version).toBe(first.version + 1);
    expect(service.section('context')).toMatchObject({ chunk_size: 1200, retrieval_k: 7 });
    expect(service.version('context')).toBe(second.version);
  });

  it('records no version when the file cannot be written', async () => {
    const versions = await new ConfigHistory(db).list('orchestrator');
    const file = join(dataDir, 'config', 'orchestrator.yaml');
    rmSync(file);
    mkdirSync(file);
    await expect(service.update({ section: 'orchestrator', values: { max_iterations: 8 } })).rejects.toThrow();
    expect(await new ConfigHistory(db).list('orchestrator')).toEqual(versions);
    expect(service.section('orchestrator').max_iterations).toBe(6);
  });

  it('applies a hand edit of a YAML file and emits a file event', async () => {
    writeFileSync(join(dataDir, 'config', 'planner.yaml'), 'max_tasks_per_request: 3\n');
    await vi.waitFor(() => expect(service.section('planner').max_tasks_per_request).toBe(3), { timeout: 2000 });
    expect(service.section('planner').max_task_complexity).toBe(5);
    expect(events.at(-1)?.data).toMatchObject({ section: 'planner', source: 'file' });
    const latest = await new ConfigHistory(db).latest('planner');
    expect(latest).toMatchObject({
      source: 'file',
      version: service.version('planner'),
      values: { max_tasks_per_request: 3 },
    });
  });

  it('takes a version another process sharing the folder and database recorded, without recording or announcing it again', async () => {
    // A second process: its own connection and bus, the same config folder and database.
    const peerDb = await openDatabase({ file: join(dataDir, 'studio.db') }, allMigrations);
    const peerBus = new InMemoryEventBus();
    const peerEvents: unknown[] = [];
    peerBus.subscribe('config-change', (event) => peerEvents.push(event));
    const peer = new ConfigService({
      dir: join(dataDir, 'config'),
      db: peerDb,
      bus: peerBus,
      logger: createConsoleLogger('silent'),
      debounceMs: 30,
    });
    await peer.start();
    try {
      const updated = await service.update({ section: 'planner', values: { max_tasks_per_request: 4 } });
      await vi.waitFor(() => expect(peer.section('planner').max_tasks_per_request).toBe(4), { timeout: 2000 });
      expect(peer.version('planner')).toBe(updated.version);
      expect((await new ConfigHistory(db).list('planner')).at(-1)).toMatchObject({
        version: updated.version,
        source: 'api',
      });
      expect(peerEvents).toEqual([]);
    } finally {
      await peer.stop();
      await peerDb.close();
    }
  });

  it('refuses an invalid hand edit, keeps the last good values and reports it', async () => {
    writeFileSync(join(dataDir, 'config', 'memory.yaml'), 'similarity_threshold: 7\n');
    await vi.waitFor(() => expect(events.some((event) => 'error' in event.data)).toBe(true), { timeout: 2000 });
    expect(service.section('memory').similarity_threshold).toBe(0.7);
    const report = service.validate('memory');
    expect(report.valid).toBe(false);
    expect(report.errors[0]?.path).toBe('similarity_threshold');
  });

  it('refuses a file that is not YAML', async () => {
    writeFileSync(join(dataDir, 'config', 'orchestrator.yaml'), 'max_iterations: [1, 2\n  : : :');
    await vi.waitFor(
      () => expect(events.some((event) => 'error' in event.data && event.data.section === 'orchestrator')).toBe(true),
      {
        timeout: 2000,
      },
    );
    expect(service.section('orchestrator').max_iterations).toBe(6);
    expect(service.validate('orchestrator').errors[0]?.message).toMatch(/not valid YAML/);
  });

  it('reload re-reads files and names the sections that changed', async () => {
    await service.stop();
    writeFileSync(join(dataDir, 'config', 'agent_generator.yaml'), 'max_concurrent_agents: 2\n');
    expect(await service.reload()).toEqual({ reloaded: true, sections: ['agent_generator'] });
    expect(service.section('agent_generator').max_concurrent_agents).toBe(2);
    expect(events.at(-1)?.data).toMatchObject({ section: 'agent_generator', source: 'reload' });
  });

  it('validates candidate values without applying them', () => {
    expect(service.validate('planner', { min_task_complexity: 4, max_task_complexity: 2 })).toEqual({
      valid: false,
      errors: [{ path: 'min_task_complexity', message: 'min_task_complexity must not exceed max_task_complexity' }],
    });
    expect(service.validate('planner', { max_tasks_per_request: 20 })).toEqual({ valid: true, errors: [] });
    expect(service.section('planner').max_tasks_per_request).toBe(10);
  });
});
