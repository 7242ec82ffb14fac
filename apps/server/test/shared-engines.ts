import { ManagedChroma, createConsoleLogger } from '@studio/core';
import { startFakeLlm, type FakeLlmOptions, type FakeLlmServer } from '@studio/testing';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';

const POSTGRES = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface SharedEngines {
  /** DATABASE_URL, REDIS_URL, REDIS_PREFIX, CHROMA_URL and the fake model, for every process. */
  env: Record<string, string>;
  llm: FakeLlmServer;
  /** A fresh folder for one process's DATA_DIR (its own "host"), removed by `close`. */
  dataDir(name: string): string;
  close(): Promise<void>;
}

/**
 * What several server processes share and nothing else: a fresh PostgreSQL database, a Redis key
 * prefix, one Chroma, and the test's fake OpenAI-compatible model.
 */
export async function startSharedEngines(llmOptions: FakeLlmOptions = {}): Promise<SharedEngines> {
  const suffix = randomBytes(4).toString('hex');
  const database = `studio_engines_${suffix}`;
  const prefix = `studio-engines-${suffix}`;
  const root = mkdtempSync(join(tmpdir(), 'studio-engines-'));
  const chroma = new ManagedChroma(join(root, 'chroma'), createConsoleLogger('silent'));
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const llm = await startFakeLlm(llmOptions);
  return {
    env: {
      CHROMA_URL: await chroma.url(),
      REDIS_URL: REDIS,
      REDIS_PREFIX: prefix,
      DATABASE_URL: POSTGRES.replace(/\/[^/]*$/, `/${database}`),
      LLM_BASE_URL: llm.url,
      LLM_MODEL: 'fake',
    },
    llm,
    dataDir: (name) => join(root, name),
    close: async () => {
      await chroma.stop();
      await llm.stop();
      const dropper = new pg.Client({ connectionString: POSTGRES });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await dropper.end();
      const redis = new Redis(REDIS);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** SIGTERM, then wait for the exit (the server drains and closes its connections). */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Originals (or copies of them) on a process's own disk: files under DATA_DIR/files, at any depth. */
export function storedOn(processDataDir: string): string[] {
  const dir = join(processDataDir, 'files');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}
