import { join } from 'node:path';
import {
  allMigrations,
  createConsoleLogger,
  HashingEmbedder,
  Mem0MemoryStore,
  MemoryManager,
  openDatabase,
} from '@studio/core';
import { defaultConfig } from '@studio/shared';
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

async function timeEach(count: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

const suite: BenchSuite = {
  name: 'memory',
  async run(context: BenchContext): Promise<BenchResult[]> {
    const large = context.quick ? 3_000 : 10_000;
    const sizeLabel = context.quick ? '3k' : '10k';
    const iterations = context.quick ? 30 : 60;
    const db = await openDatabase({ file: join(context.workDir, 'studio.db') }, allMigrations);
    const store = await Mem0MemoryStore.create({
      dir: join(context.workDir, 'memory'),
      embedder: new HashingEmbedder(),
    });
    const manager = new MemoryManager({
      store,
      db,
      config: () => defaultConfig().memory,
      logger: createConsoleLogger('silent'),
    });
    try {
      for (const content of [
        "The user's name is Ada Lovelace.",
        'The user prefers short answers.',
        'The user lives in Lisbon.',
        'The user works as a data engineer.',
        'The user likes green tea.',
      ]) {
        await manager.add({ type: 'profile', content, userId: USER });
      }
      let seeded = 5;
      const seedTo = async (target: number) => {
        const started = performance.now();
        const from = seeded;
        for (; seeded < target; seeded += 1)
          await manager.add({ type: 'fact', content: memoryText(seeded), userId: USER });
        const seconds = (performance.now() - started) / 1000;
        context.log(
          `seeded ${target} memories (${Math.round((target - from) / seconds)} adds/s through Mem0, infer: false)`,
        );
        return (target - from) / seconds;
      };
      const search = (i: number) =>
        manager.search({ query: queries[i % queries.length] ?? 'garden', userId: USER, k: 10 });

      const addRate = await seedTo(1_000);
      await timeEach(5, search);
      const small = await timeEach(iterations, search);
      const recall = await timeEach(iterations, (i) =>
        manager.recall({ userId: USER, query: queries[i % queries.length] ?? 'garden' }),
      );
      await seedTo(large);
      await timeEach(3, search);
      const big = await timeEach(iterations, search);
      const recallBig = await timeEach(iterations, (i) =>
        manager.recall({ userId: USER, query: queries[i % queries.length] ?? 'garden' }),
      );

      const p50Small = percentile(small, 50);
      const p50Big = percentile(big, 50);
      const note = (size: string) =>
        `memory.search k=10, one user, ${size} memories, Mem0 'memory' vector store, built-in embedder, ${iterations} queries`;
      return [
        { name: 'memory.search_p50_ms_1k', value: round(p50Small), unit: 'ms', note: note('1k') },
        { name: 'memory.search_p99_ms_1k', value: round(percentile(small, 99)), unit: 'ms', note: note('1k') },
        { name: `memory.search_p50_ms_${sizeLabel}`, value: round(p50Big), unit: 'ms', note: note(sizeLabel) },
        {
          name: `memory.search_p99_ms_${sizeLabel}`,
          value: round(percentile(big, 99)),
          unit: 'ms',
          note: note(sizeLabel),
        },
        {
          name: 'memory.search_growth_ratio',
          value: round(p50Big / p50Small),
          unit: 'x',
          note: `p50 at ${sizeLabel} / p50 at 1k (${large / 1000}x the memories; Mem0's store scans every row, so ~linear is expected)`,
        },
        {
          name: 'memory.recall_added_ms_p50',
          value: round(percentile(recall, 50)),
          unit: 'ms',
          note: 'memory.recall alone (5 profile + relevant memories) at 1k memories: what recall adds to a chat turn',
        },
        {
          name: `memory.recall_ms_p50_${sizeLabel}`,
          value: round(percentile(recallBig, 50)),
          unit: 'ms',
          note: `memory.recall alone at ${sizeLabel} memories (grows with the search it runs)`,
        },
        {
          name: 'memory.add_per_s',
          value: round(addRate, 0),
          unit: 'adds/s',
          note: 'memory.add through Mem0 (infer: false) up to 1k memories',
        },
      ];
    } finally {
      await manager.close();
      await db.close();
    }
  },
};

export default suite;
