import type { ContextConfig } from '@studio/shared';
import { defaultConfig } from '@studio/shared';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigService } from '../../config/config-service';
import { HashingEmbedder } from '../../embedding/hashing-embedder';
import { UnavailableError } from '../../errors/unavailable-error';
import { filesMigrations } from '../storage/files-migrations';
import { createKeywordIndex } from './create-keyword-index';
import { FileStore } from '../storage/file-store';
import { HybridSearch } from './search';
import { DIALECTS, testDatabases, type Dialect } from '../../store/test-support/dialects';
import type { VectorIndex, VectorMatch, VectorRecord } from '../storage/vector-index';

/** Brute-force cosine search in memory; records the queries it served. */
class FakeVectorIndex implements VectorIndex {
  readonly name = 'fake';
  readonly records = new Map<string, VectorRecord>();
  readonly queries: { k: number; fileIds?: string[] }[] = [];

  async upsert(records: VectorRecord[]): Promise<void> {
    for (const record of records) this.records.set(record.id, record);
  }

  async deleteFile(fileId: string): Promise<void> {
    for (const [id, record] of this.records) if (record.fileId === fileId) this.records.delete(id);
  }

  async query(vector: number[], options: { k: number; fileIds?: string[] }): Promise<VectorMatch[]> {
    this.queries.push(options);
    return [...this.records.values()]
      .filter((record) => !options.fileIds || options.fileIds.includes(record.fileId))
      .map((record) => ({
        id: record.id,
        distance: 1 - record.vector.reduce((sum, value, index) => sum + value * (vector[index] ?? 0), 0),
      }))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, options.k);
  }

  async count(): Promise<number> {
    return this.records.size;
  }
}

const databases = testDatabases(filesMigrations, 'search');
afterAll(() => databases.closeAll());

async function setup(dialect: Dialect, context: Partial<ContextConfig> = {}) {
  const db = await databases.open(dialect);
  const store = new FileStore(db);
  const keywords = createKeywordIndex(db);
  const vectors = new FakeVectorIndex();
  const embedder = new HashingEmbedder();
  const now = new Date().toISOString();
  const texts: Record<string, string[]> = {
    manual: [
      'The pump must be primed before the first start.',
      'Error code E-4417 means the intake valve is blocked.',
      'Clean the filter every month with warm water.',
    ],
    faq: ['The pump must be primed before the first start, as the manual says.', 'Warranty lasts two years.'],
  };
  const add = async (fileId: string, chunks: string[]) => {
    await store.insertWithJob(
      { id: fileId, name: `${fileId}.pdf`, size: 1, mimeType: 'application/pdf', type: 'pdf', createdAt: now },
      now,
    );
    await keywords.replaceFileChunks(
      fileId,
      chunks.map((text, position) => ({ position, text, page: position + 1 })),
    );
    const embedded = await embedder.embed(chunks);
    await vectors.upsert(
      chunks.map((_, position) => ({ id: `${fileId}:${position}`, fileId, vector: embedded[position] ?? [] })),
    );
  };
  for (const [fileId, chunks] of Object.entries(texts)) await add(fileId, chunks);
  const config = { ...defaultConfig().context, ...context };
  const search = new HybridSearch({
    embedder,
    vectors,
    keywords,
    config: { section: (() => config) as ConfigService['section'] },
  });
  return { search, vectors, add };
}

describe.each(DIALECTS)('HybridSearch on %s', (dialect) => {
  it('finds the chunk holding an exact code, with file name and page', async () => {
    const { search } = await setup(dialect);
    const hits = await search.search({ query: 'what does E-4417 mean', k: 3 });
    expect(hits[0]).toMatchObject({ chunkId: 'manual:1', fileName: 'manual.pdf', page: 2, score: 1 });
  });

  it('with k=1 for "gzip" returns a chunk holding the word, and lists scores best first (the issue’s repro)', async () => {
    const { search, add } = await setup(dialect, { use_mmr: true, mmr_lambda: 0.5 });
    await add('tar', [
      'Compression shrinks the archive; pick a compression program and level for the archive.',
      'Use --gzip (or -z) to filter the archive through gzip.',
      'The archive may be compressed with bzip2 or xz as well; compression of the archive is optional.',
      'Gzip is fast. The gzip format is the default for .tar.gz files.',
    ]);
    const [best] = await search.search({ query: 'gzip', k: 1 });
    expect(best?.text.toLowerCase()).toContain('gzip');
    for (const query of ['gzip', 'compression archive', 'pump primed', 'archive gzip xz']) {
      const scores = (await search.search({ query, k: 5 })).map((hit) => hit.score);
      expect(scores, query).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('puts a chunk holding an identifier named in the query above chunks that only share words', async () => {
    const { search, add } = await setup(dialect);
    await add('ssh', [
      'The ssh client reads its config file; host key checking is strict, and the config is per host.',
      'Set StrictHostKeyChecking to no in ssh_config only on trusted networks.',
      'Options in the config: each host key, each checking rule, strict or not, per host config.',
    ]);
    expect(
      (await search.search({ query: 'what does StrictHostKeyChecking do in the ssh config', k: 3 }))[0]?.chunkId,
    ).toBe('ssh:1');
    expect((await search.search({ query: 'ssh_config host checking', k: 3 }))[0]?.chunkId).toBe('ssh:1');
  });

  it('answers each part of a compound question, even when one document matches the whole better', async () => {
    const { search, add } = await setup(dialect, { use_mmr: false });
    await add('pumps', [
      'Pump priming: the pump must be primed; a primed pump starts; priming the pump takes water.',
      'Pump seals: a pump seal wears; pump seals last a year; the pump seal is cheap.',
      'Pump noise: a noisy pump is primed badly; pump bearings hum.',
    ]);
    const hits = await search.search({ query: 'How is the pump primed, and how long is the warranty?', k: 2 });
    expect(hits.map((hit) => hit.chunkId).sort()).toEqual(['faq:1', 'pumps:0'].sort());
    expect(hits.map((hit) => hit.score)).toEqual([...hits.map((hit) => hit.score)].sort((a, b) => b - a));
  });

  it('restricts results to the given files in both indexes', async () => {
    const { search, vectors } = await setup(dialect);
    const hits = await search.search({ query: 'pump primed', fileIds: ['faq'] });
    expect(hits.map((hit) => hit.fileId)).toEqual(['faq', 'faq']);
    expect(vectors.queries.at(-1)?.fileIds).toEqual(['faq']);
  });

  it('MMR puts a different passage ahead of a near-duplicate', async () => {
    const withMmr = await (
      await setup(dialect, { use_mmr: true, mmr_lambda: 0.3 })
    ).search.search({ query: 'pump primed first start', k: 2 });
    const withoutMmr = await (
      await setup(dialect, { use_mmr: false })
    ).search.search({ query: 'pump primed first start', k: 2 });
    expect(withoutMmr.map((hit) => hit.text.slice(0, 24))).toEqual([
      'The pump must be primed ',
      'The pump must be primed ',
    ]);
    expect(new Set(withMmr.map((hit) => hit.text.slice(0, 24))).size).toBe(2);
  });

  it('answers from keywords alone while the vector store is down', async () => {
    const { search, vectors } = await setup(dialect);
    vectors.query = async () => {
      throw new UnavailableError('VECTOR_STORE_UNAVAILABLE', 'chroma is down');
    };
    const hits = await search.search({ query: 'E-4417 intake valve' });
    expect(hits[0]?.chunkId).toBe('manual:1');
  });

  it('answers nothing without asking the vector store while no file is indexed', async () => {
    const db = await databases.open(dialect);
    const vectors = new FakeVectorIndex();
    const config = defaultConfig().context;
    const search = new HybridSearch({
      embedder: new HashingEmbedder(),
      vectors,
      keywords: createKeywordIndex(db),
      config: { section: (() => config) as ConfigService['section'] },
    });
    expect(await search.search({ query: 'anything at all' })).toEqual([]);
    expect(vectors.queries).toEqual([]);
  });
});
