import { allMigrations, openDatabase, PostgresOriginalStore } from '@studio/core';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { copyFile, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { performance } from 'node:perf_hooks';
import { round, type BenchSuite } from './bench-types';

/**
 * Originals in PostgreSQL: MB/s streaming a large upload in and reading it back, each beside the
 * same bytes copied and read on local disk, and the heap growth while doing it (the file is never
 * held whole: it should stay near a few pieces, far below the file's size).
 */
const suite: BenchSuite = {
  name: 'originals',
  async run(context) {
    const megabytes = context.quick ? 20 : 100;
    const dir = join(context.workDir, 'files');
    mkdirSync(join(dir, 'cache'), { recursive: true });
    const source = join(dir, 'source.bin');
    await writeRandom(source, megabytes);
    const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const schema = `bench_originals_${randomBytes(3).toString('hex')}`;
    const db = await openDatabase({ file: '', databaseUrl: url, schema }, allMigrations);
    try {
      const store = new PostgresOriginalStore(db, join(dir, 'cache'));
      const diskStarted = performance.now();
      await copyFile(source, join(dir, 'copy.bin'));
      const diskWriteMs = performance.now() - diskStarted;
      /** Puts the file under `id` and reads it back; times both. */
      const putAndRead = async (id: string) => {
        const incoming = join(dir, `${id}.upload`);
        await copyFile(source, incoming);
        const putStarted = performance.now();
        await db.transaction(async () => {
          await store.put(id, incoming);
          await db.run(
            `INSERT INTO files (id, name, size, mime_type, type, status, stage, created_at, updated_at)
             VALUES (?, 'bench.bin', ?, 'text/plain', 'txt', 'completed', 'done', 'now', 'now')`,
            [id, megabytes * 1024 * 1024],
          );
        });
        const putMs = performance.now() - putStarted;
        const readStarted = performance.now();
        let read = 0;
        for await (const piece of (await store.open(id)) ?? []) read += (piece as Buffer).length;
        if (read !== megabytes * 1024 * 1024) throw new Error(`read ${read} bytes back`);
        return { putMs, readMs: performance.now() - readStarted };
      };
      const { putMs, readMs } = await putAndRead('timed');
      // A second pass for memory only: the GC its sampling forces would distort the times.
      const heap = heapWatch();
      await putAndRead('watched');
      const heapGrowthMb = heap.stop();

      const diskReadStarted = performance.now();
      await readFile(join(dir, 'copy.bin'));
      const diskReadMs = performance.now() - diskReadStarted;
      context.log(`${megabytes} MB: put ${Math.round(putMs)} ms, read ${Math.round(readMs)} ms`);
      return [
        {
          name: 'originals.postgres_put_mb_s',
          value: round((megabytes * 1000) / putMs, 1),
          unit: 'MB/s',
          note: `${megabytes} MB streamed into file_originals; baseline: the same file copied on local disk at ${round((megabytes * 1000) / diskWriteMs, 1)} MB/s`,
        },
        {
          name: 'originals.postgres_read_mb_s',
          value: round((megabytes * 1000) / readMs, 1),
          unit: 'MB/s',
          note: `streamed back piece by piece; baseline: the file read from local disk at ${round((megabytes * 1000) / diskReadMs, 1)} MB/s`,
        },
        {
          name: 'originals.heap_growth_mb',
          value: round(heapGrowthMb, 1),
          unit: 'MB',
          note: `largest growth of live heap + Buffer memory (sampled after a GC every 20 ms) while putting and reading ${megabytes} MB; the file held whole would be ≥ ${megabytes} MB`,
        },
      ];
    } finally {
      await db.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export default suite;

async function writeRandom(path: string, megabytes: number): Promise<void> {
  const out = createWriteStream(path);
  for (let index = 0; index < megabytes; index += 1) {
    if (!out.write(randomBytes(1024 * 1024))) await once(out, 'drain');
  }
  out.end();
  await finished(out);
}

/**
 * Samples live heap and external (Buffer) memory every 20 ms, collecting garbage first so pieces
 * already let go of do not count; `stop` returns the largest growth in MB.
 */
function heapWatch(): { stop(): number } {
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  const used = () => {
    collect();
    const memory = process.memoryUsage();
    return memory.heapUsed + memory.external;
  };
  const before = used();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, used())), 20);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, used());
      return (peak - before) / (1024 * 1024);
    },
  };
}
