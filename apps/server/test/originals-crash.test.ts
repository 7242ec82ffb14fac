import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestClient, uploadFile } from './helpers';
import { startSharedEngines, stopChild, storedOn, type SharedEngines } from './shared-engines';
import { spawnServer } from './spawn-server';

/**
 * With DATABASE_URL, an upload's original streams into PostgreSQL in the transaction that records
 * the file. A process killed in the middle of that stream must leave no piece and no file behind,
 * and lose nothing it had already answered.
 */
const children: ChildProcess[] = [];
let engines: SharedEngines;
let database: pg.Client;

beforeAll(async () => {
  engines = await startSharedEngines();
  database = new pg.Client({ connectionString: engines.env.DATABASE_URL });
  await database.connect();
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(children.map(stopChild));
  await database?.end();
  await engines?.close();
});

/** Whether a studio connection is inside a transaction writing pieces of an original. */
async function writingOriginal(): Promise<boolean> {
  const { rows } = await database.query<{ writing: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()
         AND xact_start IS NOT NULL AND query ILIKE 'INSERT INTO file_originals%'
     ) AS writing`,
  );
  return rows[0]?.writing === true;
}

describe('an upload cut off by SIGKILL while its original streams into PostgreSQL', () => {
  it('leaves no file and no piece, and the file answered before it is ingested after the restart', async () => {
    const dataDir = engines.dataDir('host');
    const first = await spawnServer({ ...engines.env, DATA_DIR: dataDir });
    children.push(first.child);
    const kept = await uploadFile(first.url, 'kept.txt', 'Harbour tariff HT-5521 applies to every berth.\n');

    // 48 MB: about fifty 1 MB pieces, so the transaction is open long enough to be caught mid-stream.
    const large = 'Bulk manifest line with cargo code BM-0000 and nothing else.\n'.repeat(800_000);
    const cutOff = uploadFile(first.url, 'large.txt', large).then(
      () => 'answered',
      () => 'cut off',
    );
    await vi.waitFor(async () => expect(await writingOriginal()).toBe(true), { timeout: 60_000, interval: 20 });
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    expect(await cutOff).toBe('cut off');

    // PostgreSQL rolled the transaction back: the only file is the answered one, with all of its bytes.
    const files = await database.query<{ id: string }>('SELECT id FROM files');
    expect(files.rows.map((row) => row.id)).toEqual([kept.fileId]);
    const pieces = await database.query<{ file_id: string }>('SELECT DISTINCT file_id FROM file_originals');
    expect(pieces.rows.map((row) => row.file_id)).toEqual([kept.fileId]);

    const again = await spawnServer({ ...engines.env, DATA_DIR: dataDir });
    children.push(again.child);
    const client = createTestClient(again.url);
    try {
      await vi.waitFor(
        async () => expect((await client.trpc.files.status.query({ fileId: kept.fileId })).status).toBe('completed'),
        { timeout: 60_000, interval: 100 },
      );
      const { hits } = await client.trpc.files.search.query({ query: 'HT-5521', k: 1 });
      expect(hits[0]?.fileId).toBe(kept.fileId);
      const { items } = await client.trpc.files.list.query({ limit: 50 });
      expect(items.map((file) => file.name)).toEqual(['kept.txt']);
      // What the cut-off upload left on this host is only its temp file, which the sweep removes once
      // no request could still be sending it (leftover-sweeper.test.ts); no original or copy stays.
      expect(storedOn(dataDir).every((name) => name.endsWith('.upload'))).toBe(true);
    } finally {
      client.close();
    }
  }, 240_000);
});
