import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  allMigrations,
  createConsoleLogger,
  HashingEmbedder,
  ManagedChroma,
  Mem0MemoryStore,
  MemoryManager,
  openDatabase,
} from '@studio/core';
import { defaultConfig } from '@studio/shared';
import { ChromaClient, type Collection, type Metadata } from 'chromadb';
import { percentile, round, type BenchContext, type BenchResult, type BenchSuite } from './bench-types';

const USER = 'bench';
const subjects = [
  'The garden',
  'The quarterly report',
  'Grandma',
  'The blue car',
  'Project Atlas',
  'The dentist',
  'The kitchen tap',
  'Our team lead',
  'The Lisbon trip',
  'The piano',
];
const verbs = [
  'needs',
  'was moved to',
  'depends on',
  'is waiting for',
  'got',
  'should avoid',
  'was scheduled with',
  'reminds us of',
];
const objects = [
  'fresh tomatoes',
  'the new budget',
  'a Tuesday meeting',
  'winter tyres',
  'the vendor contract',
  'a cleaning on Friday',
  'a spare washer',
  'the hiring plan',
  'cheap flights in May',
  'a tuning session',
];

/** A varied but deterministic memory text. */
function memoryText(i: number): string {
  const subject = subjects[i % subjects.length] ?? '';
  const verb = verbs[Math.floor(i / subjects.length) % verbs.length] ?? '';
  const object = objects[Math.floor(i / 7) % objects.length] ?? '';
  return `${subject} ${verb} ${object} (note ${i}).`;
}

const queries = [
  'when is the dentist appointment',
  'what does the garden need',
  'Lisbon trip flights',
  'budget for project atlas',
  'car tyres for winter',
  'piano tuning',
  'who is the team lead waiting for',
  'kitchen tap washer',
];

type Sql = Awaited<ReturnType<typeof openDatabase>>;

async function timeEach(count: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

const PROFILE = [
  "The user's name is Ada Lovelace.",
  'The user prefers short answers.',
  'The user lives in Lisbon.',
  'The user works as a data engineer.',
  'The user likes green tea.',
];
const COLLECTION = 'bench-memories';
const SEED_BATCH = 500;

/**
 * Seeds memories straight into Chroma and the memory index, in batches: 10k adds through Mem0 one at a
 * time would take minutes. Each payload is a copy of one Mem0 itself wrote (`template`), with its own
 * text, hash and time, so Mem0 reads them as its own.
 */
async function seed(
  collection: Collection,
  db: Sql,
  embedder: HashingEmbedder,
  template: Metadata,
  from: number,
  to: number,
): Promise<void> {
  for (let start = from; start < to; start += SEED_BATCH) {
    const indices = Array.from({ length: Math.min(SEED_BATCH, to - start) }, (_, offset) => start + offset);
    const texts = indices.map(memoryText);
    const ids = indices.map(() => randomUUID());
    const now = new Date().toISOString();
    await collection.add({
      ids,
      embeddings: await embedder.embed(texts),
      metadatas: texts.map((text) => ({
        ...template,
        data: text,
        hash: createHash('md5').update(text).digest('hex'),
        textLemmatized: text.toLowerCase(),
        createdAt: now,
      })),
    });
    await db.transaction(async () => {
      for (const id of ids) {
        await db.run(
          `INSERT INTO memory_index (id, user_id, type, slot, created_at, updated_at, last_accessed_at) VALUES (?, ?, 'fact', NULL, ?, ?, ?)`,
          [id, USER, now, now, now],
        );
      }
    });
  }
}

const suite: BenchSuite = {
  name: 'memory',
  async run(context: BenchContext): Promise<BenchResult[]> {
    const iterations = context.quick ? 30 : 60;
    const logger = createConsoleLogger('silent');
    const embedder = new HashingEmbedder();
    const db = await openDatabase({ file: join(context.workDir, 'studio.db') }, allMigrations);
    const chroma = new ManagedChroma(join(context.workDir, 'chroma'), logger);
    const store = await Mem0MemoryStore.create({
      dir: join(context.workDir, 'memory'),
      embedder,
      chroma: { endpoint: chroma, collection: COLLECTION },
      historyDb: db,
    });
    const manager = new MemoryManager({ store, db, config: () => defaultConfig().memory, logger });
    // Mem0's own SQLite store, the studio's store before: the comparison behind the embedded default.
    const sqliteDb = await openDatabase({ file: join(context.workDir, 'sqlite-studio.db') }, allMigrations);
    const sqliteStore = await Mem0MemoryStore.create({ dir: join(context.workDir, 'sqlite-memory'), embedder });
    const sqliteManager = new MemoryManager({
      store: sqliteStore,
      db: sqliteDb,
      config: () => defaultConfig().memory,
      logger,
    });
    try {
      const url = new URL(await chroma.url());
      const client = new ChromaClient({ host: url.hostname, port: Number(url.port) });

      const query = (i: number) => queries[i % queries.length] ?? 'garden';
      const queryVectors = await embedder.embed(queries);
      const search = (target: MemoryManager) => (i: number) => target.search({ query: query(i), userId: USER, k: 10 });
      // The baseline: the query Mem0 sends (its 60 candidates for k=10, with payloads) to the user's
      // collection, embedded by the same embedder and sent by the chromadb client as a user would.
      const direct = (i: number) =>
        collection.query({
          queryEmbeddings: [queryVectors[i % queries.length] ?? []],
          nResults: 60,
          include: ['metadatas', 'distances'] as never,
        });

      for (const content of PROFILE) {
        await manager.add({ type: 'profile', content, userId: USER });
        await sqliteManager.add({ type: 'profile', content, userId: USER });
      }
      // Adds through Mem0 one at a time, on both stores (up to 200 memories).
      const addRate = async (target: MemoryManager) => {
        const started = performance.now();
        for (let i = 0; i < 195; i += 1) await target.add({ type: 'fact', content: memoryText(i), userId: USER });
        return 195 / ((performance.now() - started) / 1000);
      };
      const chromaAdds = await addRate(manager);
      // The studio keeps each user's memories in a Chroma collection of their own: this user's.
      const own = (await client.listCollections()).find((item) => item.name.startsWith(`${COLLECTION}-u`));
      if (!own) throw new Error("the user's memory collection is missing");
      const collection = await client.getCollection({ name: own.name, embeddingFunction: null } as never);
      const sqliteAdds = await addRate(sqliteManager);
      const [template] = (await collection.get({ limit: 1, include: ['metadatas'] as never })).metadatas;
      if (!template) throw new Error('Mem0 wrote no payload to copy');

      const measure = async (size: number) => {
        const current = await collection.count();
        if (current < size) await seed(collection, db, embedder, template, current, size);
        await timeEach(5, search(manager));
        await timeEach(5, direct);
        const studio = await timeEach(iterations, search(manager));
        const baseline = await timeEach(iterations, direct);
        const recall = await timeEach(iterations, (i) => manager.recall({ userId: USER, query: query(i) }));
        context.log(
          `${size} memories: memory.search p50 ${round(percentile(studio, 50))} ms, direct Chroma p50 ${round(percentile(baseline, 50))} ms`,
        );
        return {
          studio: percentile(studio, 50),
          p99: percentile(studio, 99),
          baseline: percentile(baseline, 50),
          recall: percentile(recall, 50),
        };
      };
      const at200 = await measure(200);
      const sqlite200 = percentile(await timeEach(iterations, search(sqliteManager)), 50);
      const at1k = await measure(1_000);
      for (let i = 200; i < 1_000; i += 1)
        await sqliteStore.add({ userId: USER, content: memoryText(i), metadata: { type: 'fact' } });
      await sqliteDb.transaction(async () => {
        for (const item of await sqliteStore.listAll()) {
          await sqliteDb.run(
            `INSERT INTO memory_index (id, user_id, type, slot, created_at, updated_at, last_accessed_at) VALUES (?, ?, 'fact', NULL, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
            [item.id, USER, item.createdAt ?? '', item.createdAt ?? '', item.createdAt ?? ''],
          );
        }
      });
      const sqlite1k = percentile(await timeEach(iterations, search(sqliteManager)), 50);
      const at10k = await measure(10_000);

      const note = (size: string) =>
        `memory.search k=10, one user, ${size} memories, Mem0 on Chroma (chroma provider), built-in embedder, ${iterations} queries`;
      const baselineNote = (size: string) =>
        `baseline: the same search sent directly to Chroma (chromadb client, the user's collection, the 60 candidates Mem0 asks for, with payloads), ${size} memories`;
      return [
        { name: 'memory.search_p50_ms_200', value: round(at200.studio), unit: 'ms', note: note('200') },
        { name: 'memory.search_p50_ms_1k', value: round(at1k.studio), unit: 'ms', note: note('1k') },
        { name: 'memory.search_p99_ms_1k', value: round(at1k.p99), unit: 'ms', note: note('1k') },
        { name: 'memory.search_p50_ms_10k', value: round(at10k.studio), unit: 'ms', note: note('10k') },
        { name: 'memory.search_p99_ms_10k', value: round(at10k.p99), unit: 'ms', note: note('10k') },
        {
          name: 'memory.search_growth_ratio_1k_to_10k',
          value: round(at10k.studio / at1k.studio),
          unit: 'x',
          note: 'memory.search p50 at 10k ÷ at 1k (10x the memories); target ≤ 2.0',
        },
        { name: 'memory.chroma_p50_ms_1k', value: round(at1k.baseline), unit: 'ms', note: baselineNote('1k') },
        { name: 'memory.chroma_p50_ms_10k', value: round(at10k.baseline), unit: 'ms', note: baselineNote('10k') },
        {
          name: 'memory.chroma_growth_ratio_1k_to_10k',
          value: round(at10k.baseline / at1k.baseline),
          unit: 'x',
          note: 'baseline: direct Chroma p50 at 10k ÷ at 1k',
        },
        {
          name: 'memory.search_ratio_to_chroma_10k',
          value: round(at10k.studio / at10k.baseline),
          unit: 'ratio',
          note: 'memory.search p50 ÷ the direct Chroma query p50 at 10k: what Mem0, the index and the access-time write add',
        },
        {
          name: 'memory.sqlite_search_p50_ms_200',
          value: round(sqlite200),
          unit: 'ms',
          note: "the same memory.search on Mem0's SQLite store (the previous default; scans every row), 200 memories",
        },
        {
          name: 'memory.sqlite_search_p50_ms_1k',
          value: round(sqlite1k),
          unit: 'ms',
          note: "the same memory.search on Mem0's SQLite store, 1k memories",
        },
        {
          name: 'memory.recall_added_ms_p50',
          value: round(at1k.recall),
          unit: 'ms',
          note: 'memory.recall alone (5 profile + relevant memories) at 1k memories: what recall adds to a chat turn',
        },
        {
          name: 'memory.recall_ms_p50_10k',
          value: round(at10k.recall),
          unit: 'ms',
          note: 'memory.recall alone at 10k memories',
        },
        {
          name: 'memory.add_per_s',
          value: round(chromaAdds, 0),
          unit: 'adds/s',
          note: 'memory.add through Mem0 (infer: false) on Chroma, history in the database, one at a time, first 200',
        },
        {
          name: 'memory.sqlite_add_per_s',
          value: round(sqliteAdds, 0),
          unit: 'adds/s',
          note: "baseline: the same adds on Mem0's SQLite stores",
        },
      ];
    } finally {
      await manager.close();
      await sqliteManager.close();
      await chroma.stop();
      await db.close();
      await sqliteDb.close();
    }
  },
};

export default suite;
