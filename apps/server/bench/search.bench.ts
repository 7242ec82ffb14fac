import type { AppRouter } from '@studio/api';
import { collectionNameFor, createConsoleLogger, createStudio, HashingEmbedder, ManagedChroma } from '@studio/core';
import { createTRPCClient, httpLink } from '@trpc/client';
import { ChromaClient } from 'chromadb';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startServer } from '../src/create-server';
import { percentile, round, type BenchContext, type BenchResult, type BenchSuite } from './bench-types';

const topics = ['pump', 'valve', 'invoice', 'contract', 'warranty', 'filter', 'sensor', 'battery', 'shipment', 'license', 'firmware', 'audit'];
const verbs = ['requires', 'replaces', 'blocks', 'extends', 'cancels', 'protects', 'delays', 'unlocks'];
const queries = [
  'how often must the filter be replaced',
  'warranty extension for the battery',
  'which shipment was delayed by the audit',
  'firmware unlocks the sensor',
  'contract cancels the license',
  'pump valve blocked',
];

/** A ~280-character paragraph; chunk_size 300 makes each one chunk. */
function paragraph(index: number): string {
  const topic = topics[index % topics.length] ?? 'pump';
  const other = topics[(index * 7 + 3) % topics.length] ?? 'valve';
  const verb = verbs[(index * 5) % verbs.length] ?? 'requires';
  return `Record ${index}: the ${topic} ${verb} the ${other} under code REF-${index}. Technicians log the ${topic} state every shift and note the ${other} readings. When the ${other} drifts, the ${topic} is serviced before the next run.`;
}

const suite: BenchSuite = {
  name: 'search',
  async run(context: BenchContext): Promise<BenchResult[]> {
    const chunkTotal = context.quick ? 5_000 : 20_000;
    const iterations = context.quick ? 150 : 400;
    // Paragraphs of ~3 sentences pack into 300-character chunks at about 4 paragraphs per 3 chunks.
    const perFile = 1_334;
    const files = Math.round(chunkTotal / 1_000);
    const chroma = new ManagedChroma(join(context.workDir, 'chroma'), createConsoleLogger('silent'));
    const chromaUrl = await chroma.url();
    const embedder = new HashingEmbedder();
    const studio = await createStudio({ dataDir: join(context.workDir, 'studio'), logger: createConsoleLogger('silent'), watchConfig: false, chromaUrl, embedder });
    const server = await startServer(studio, { host: '127.0.0.1', port: 0, corsOrigins: [] });
    try {
      await studio.config.update({ section: 'context', values: { chunk_size: 300, chunk_overlap: 0 } });
      const seeding = performance.now();
      for (let file = 0; file < files; file += 1) {
        const text = Array.from({ length: perFile }, (_, line) => paragraph(file * perFile + line)).join('\n\n');
        await studio.files.upload({ name: `records-${file}.txt`, source: { bytes: Buffer.from(text) } });
      }
      await studio.files.whenIdle();
      const seeded = studio.files.list({ limit: 200 }).items.reduce((sum, item) => sum + studio.files.status(item.fileId).chunkCount, 0);
      context.log(`seeded ${seeded} chunks in ${files} files through the ingestion pipeline in ${round((performance.now() - seeding) / 1000, 1)} s`);

      const trpc = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/trpc` })] });
      const url = new URL(chromaUrl);
      const client = new ChromaClient({ host: url.hostname, port: Number(url.port) });
      const collection = await client.getCollection({ name: collectionNameFor(embedder), embeddingFunction: undefined });
      const count = await collection.count();
      if (count !== seeded) throw new Error(`expected ${seeded} vectors, found ${count}`);
      const vectors = await embedder.embed(queries);

      const direct: number[] = [];
      const studioPath: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        await collection.query({ queryEmbeddings: [vectors[i % queries.length] ?? []], nResults: 10 });
        await trpc.files.search.query({ query: queries[i % queries.length] ?? 'pump', k: 10 });
      }
      for (let i = 0; i < iterations; i += 1) {
        const index = i % queries.length;
        let started = performance.now();
        await collection.query({ queryEmbeddings: [vectors[index] ?? []], nResults: 10 });
        direct.push(performance.now() - started);
        started = performance.now();
        const { hits } = await trpc.files.search.query({ query: queries[index] ?? 'pump', k: 10 });
        studioPath.push(performance.now() - started);
        if (hits.length === 0) throw new Error('files.search returned nothing');
      }
      const exact = await trpc.files.search.query({ query: `REF-${Math.floor(chunkTotal / 2) + 7}`, k: 3 });
      if (!exact.hits[0]?.text.includes(`REF-${Math.floor(chunkTotal / 2) + 7}.`)) throw new Error('the exact code did not come first');

      const label = `${round(seeded / 1000, 1)}k chunks`;
      return [
        { name: 'search.p50_ratio_to_chroma', value: round(percentile(studioPath, 50) / percentile(direct, 50)), unit: 'ratio', note: `${label}: tRPC files.search (hybrid: vectors + FTS5 + RRF + MMR) ÷ direct Chroma query, p50; target ≤ 1.5` },
        { name: 'search.p99_ratio_to_chroma', value: round(percentile(studioPath, 99) / percentile(direct, 99)), unit: 'ratio', note: `${label}: same, p99` },
        { name: 'search.trpc_p50_ms', value: round(percentile(studioPath, 50)), unit: 'ms', note: `${label}: files.search over HTTP (httpLink; a batching link adds its own wait), k=10, ${iterations} queries` },
        { name: 'search.trpc_p99_ms', value: round(percentile(studioPath, 99)), unit: 'ms', note: `${label}: files.search over HTTP` },
        { name: 'search.chroma_p50_ms', value: round(percentile(direct, 50)), unit: 'ms', note: `baseline: direct Chroma query, k=10, same collection` },
        { name: 'search.chroma_p99_ms', value: round(percentile(direct, 99)), unit: 'ms', note: 'baseline: direct Chroma query' },
      ];
    } finally {
      await server.close(1000);
      await chroma.stop();
    }
  },
};

export default suite;
