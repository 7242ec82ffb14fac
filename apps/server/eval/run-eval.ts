// Retrieval measured on real documents: the evaluation corpus (Debian's PostgreSQL and Python
// documentation, as HTML, PDF, DOCX and text) is uploaded through the real HTTP upload route into a
// real server with a real Chroma, then every question is asked of files.search (over tRPC) and, in
// the same run, of a plain BM25 over the same chunks and of vector-only search. Writes
// bench/results/eval.json and eval.md. `--quick` (CI) embeds whole chunks only (no windows).
import {
  ChromaVectorIndex,
  createConsoleLogger,
  createKeywordIndex,
  createStudio,
  ExternalChroma,
  HashingEmbedder,
  HybridSearch,
  ManagedChroma,
  type FusionWeights,
} from '@studio/core';
import type { AppRouter } from '@studio/api';
import { buildEvalCorpus, evalCorpusAvailable, evalQuestions, type EvalQuestion } from '@studio/testing';
import { createTRPCClient, httpLink } from '@trpc/client';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startServer } from '../src/create-server';
import { Bm25 } from './bm25';
import { KINDS, rankFound, scoreRanks, type Score } from './metrics';

const quick = process.argv.includes('--quick');
const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
if (!evalCorpusAvailable()) {
  console.error('The evaluation needs Debian documentation: apt-get install postgresql-doc-15 python3.11-doc');
  process.exit(1);
}

const started = performance.now();
const workDir = mkdtempSync(join(tmpdir(), 'studio-eval-'));
const logger = createConsoleLogger('silent');
const chroma = new ManagedChroma(join(workDir, 'chroma'), logger);
const chromaUrl = await chroma.url();
const hashing = new HashingEmbedder();
const studio = await createStudio({
  dataDir: join(workDir, 'studio'),
  logger,
  watchConfig: false,
  chromaUrl,
  embedder: hashing,
  semanticWindows: !quick,
});
const server = await startServer(studio, { host: '127.0.0.1', port: 0, corsOrigins: [] });
const log = (message: string) =>
  console.log(`[eval ${((performance.now() - started) / 1000).toFixed(0)} s] ${message}`);

try {
  const corpus = buildEvalCorpus();
  for (const document of corpus) {
    const form = new FormData();
    form.append('file', new Blob([document.bytes]), document.name);
    const response = await fetch(`${server.url}/api/files`, { method: 'POST', body: form });
    if (response.status !== 201) throw new Error(`upload of ${document.name} failed: ${response.status}`);
  }
  await studio.files.whenIdle();
  log(`${corpus.length} documents keyword searchable`);
  await studio.files.whenSemanticIdle();
  const files = (await studio.files.list({ limit: 100 })).items;
  const failed = files.filter((file) => file.status !== 'completed');
  if (failed.length > 0) throw new Error(`not indexed: ${failed.map((file) => file.name).join(', ')}`);
  const keywords = createKeywordIndex(studio.db);
  const rows = await studio.db.all<{ id: string; text: string }>('SELECT id, text FROM file_chunks ORDER BY seq');
  log(`${rows.length} chunks, semantic vectors written`);
  // EVAL_DUMP=<file>: the chunks as stored, to see why a question is missed.
  if (process.env.EVAL_DUMP)
    writeFileSync(
      process.env.EVAL_DUMP,
      JSON.stringify(
        await studio.db.all('SELECT f.name, c.* FROM file_chunks c JOIN files f ON f.id = c.file_id ORDER BY c.seq'),
      ),
    );

  const texts = new Map(rows.map((row) => [row.id, row.text]));
  const textsOf = (ids: string[]) => ids.map((id) => texts.get(id) ?? '');
  const trpc = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/trpc` })] });
  const bm25 = new Bm25(rows);
  const semantic = studio.files.semantic;
  const hashingVectors = new ChromaVectorIndex(new ExternalChroma(chromaUrl), hashing);
  const searchWith = (fusion: FusionWeights) =>
    new HybridSearch({ embedder: hashing, vectors: hashingVectors, keywords, config: studio.config, semantic, fusion });

  type Retriever = (question: string) => Promise<string[]>;
  const retrievers: Record<string, Retriever> = {
    'files.search (hybrid)': async (question) =>
      (await trpc.files.search.query({ query: question, k: 10 })).hits.map((hit) => hit.text),
    'BM25 (plain)': async (question) => textsOf(bm25.search(question, 10)),
    'lexical (tuned keyword index)': async (question) =>
      (await searchWith({ lexical: 1, vectors: 0, semantic: 0 }).search({ query: question, k: 10 })).map(
        (hit) => hit.text,
      ),
    'vector only (semantic)': async (question) =>
      semantic ? textsOf((await semantic.query(question, { k: 10 })).map((match) => match.chunkId)) : [],
    'vector only (hashing)': async (question) =>
      (await searchWith({ lexical: 0, vectors: 1, semantic: 0 }).search({ query: question, k: 10 })).map(
        (hit) => hit.text,
      ),
    'fusion 0.5 lexical + 0.5 semantic': async (question) =>
      (await searchWith({ lexical: 0.5, vectors: 0, semantic: 0.5 }).search({ query: question, k: 10 })).map(
        (hit) => hit.text,
      ),
    'fusion 0.85 lexical + 0.15 semantic': async (question) =>
      (await searchWith({ lexical: 0.85, vectors: 0, semantic: 0.15 }).search({ query: question, k: 10 })).map(
        (hit) => hit.text,
      ),
    'hybrid + hashing vectors': async (question) =>
      (await searchWith({ lexical: 0.7, vectors: 0.3, semantic: 0.3 }).search({ query: question, k: 10 })).map(
        (hit) => hit.text,
      ),
  };

  const scores: Record<string, ReturnType<typeof scoreRanks>> = {};
  const misses: Record<string, string[]> = {};
  const latencyP50: Record<string, number> = {};
  for (const [name, retrieve] of Object.entries(retrievers)) {
    const ranks = new Map<string, number | undefined>();
    const times: number[] = [];
    for (const question of evalQuestions) {
      const asked = performance.now();
      const texts = await retrieve(question.question);
      times.push(performance.now() - asked);
      ranks.set(question.id, rankFound(question, texts));
    }
    latencyP50[name] = Math.round((times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0) * 10) / 10;
    scores[name] = scoreRanks(evalQuestions, ranks);
    misses[name] = evalQuestions
      .filter((question: EvalQuestion) => (ranks.get(question.id) ?? 99) > 5)
      .map((question) => question.id);
  }
  const hybrid = scores['files.search (hybrid)']?.overall;
  const bm = scores['BM25 (plain)'];
  const targets = {
    'hybrid recall@5 >= BM25 + 0.20': (hybrid?.recallAt5 ?? 0) >= (bm?.overall.recallAt5 ?? 0) + 0.2,
    "paraphrase recall@5 >= 2.5 x BM25's":
      (scores['files.search (hybrid)']?.paraphrase.recallAt5 ?? 0) >= 2.5 * (bm?.paraphrase.recallAt5 ?? 0),
    'every identifier question in the top 5': (scores['files.search (hybrid)']?.identifier.recallAt5 ?? 0) === 1,
  };
  const seconds = Math.round((performance.now() - started) / 1000);
  const report = {
    date: new Date().toISOString(),
    mode: quick ? 'quick (whole-chunk semantic vectors)' : 'full (whole chunks and ~350-character windows)',
    documents: corpus.map((document) => `${document.name} (${document.format}, from ${document.source})`),
    chunks: rows.length,
    questions: Object.fromEntries(
      KINDS.map((kind) => [kind, evalQuestions.filter((question) => question.kind === kind).length]),
    ),
    seconds,
    scores,
    /** Milliseconds per question, p50: files.search over tRPC (semantic query included), the rest in process. */
    latencyP50,
    targets,
    misses,
  };
  const outDir = join(root, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  const suffix = quick ? '-quick' : '';
  writeFileSync(join(outDir, `eval${suffix}.json`), `${JSON.stringify(report, null, 2)}\n`);
  const markdown = table(scores, latencyP50, report.chunks, report.mode, targets);
  writeFileSync(join(outDir, `eval${suffix}.md`), markdown);
  console.log(markdown);
  log(`done in ${seconds} s`);
} finally {
  // Closing the server closes the studio too.
  await server.close(1000);
  await chroma.stop();
  rmSync(workDir, { recursive: true, force: true });
}

function table(
  scores: Record<string, Record<string, Score>>,
  latencyP50: Record<string, number>,
  chunks: number,
  mode: string,
  targets: Record<string, boolean>,
): string {
  const columns = ['overall', ...KINDS];
  const lines = [
    `Retrieval on ${evalQuestions.length} questions over ${chunks} chunks of 14 real documents (${mode}); recall@5 / MRR@10; p50 ms per query (files.search over tRPC, the others in process).`,
    '',
    `| retriever | ${columns.join(' | ')} | p50 ms |`,
    `|---|${columns.map(() => '---').join('|')}|---|`,
  ];
  for (const [name, score] of Object.entries(scores)) {
    const cells = columns.map((column) => {
      const value = score[column];
      return value ? `${value.recallAt5.toFixed(2)} / ${value.mrrAt10.toFixed(2)}` : '-';
    });
    lines.push(`| ${name} | ${cells.join(' | ')} | ${latencyP50[name] ?? '-'} |`);
  }
  lines.push('', ...Object.entries(targets).map(([target, met]) => `- ${target}: ${met ? 'met' : 'NOT met'}`), '');
  return lines.join('\n');
}
