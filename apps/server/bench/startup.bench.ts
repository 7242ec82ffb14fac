import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildServer, spawnServer } from '../test/spawn-server';
import { round, type BenchSuite } from './bench-types';

/** Cold start to healthy (Chroma included), and resident memory at idle and after ingesting files. */
const suite: BenchSuite = {
  name: 'startup',
  async run(context) {
    const fileCount = context.quick ? 20 : 100;
    buildServer();
    const started = performance.now();
    // The production start: the compiled bundle under plain node (no tsx, no esbuild service).
    const { child, url } = await spawnServer(
      { DATA_DIR: join(context.workDir, 'data'), LLM_BASE_URL: '', OPENAI_API_KEY: '', CHROMA_URL: '' },
      { compiled: true },
    );
    try {
      await waitUntilHealthy(url);
      const readyMs = performance.now() - started;
      const idleRss = processTreeRssMb(child);
      const idleChromaRss = processTreeRssMb(child, (commandLine) => commandLine.includes('chroma'));
      const idleServerRss = rssMb(child.pid ?? 0);
      const folder = join(context.workDir, 'files');
      mkdirSync(folder, { recursive: true });
      for (let index = 0; index < fileCount; index += 1) {
        const text = Array.from(
          { length: 40 },
          (_, line) => `Document ${index} line ${line}: reference code DOC-${index}-${line}.`,
        ).join('\n');
        writeFileSync(join(folder, `doc-${index}.txt`), text);
      }
      const ingestStarted = performance.now();
      const ids = await Promise.all(
        Array.from({ length: fileCount }, async (_, index) => {
          const form = new FormData();
          form.append('file', new Blob([readFileSync(join(folder, `doc-${index}.txt`))]), `doc-${index}.txt`);
          const response = await fetch(`${url}/api/files`, { method: 'POST', body: form });
          return ((await response.json()) as { fileId: string }).fileId;
        }),
      );
      await waitUntilCompleted(url, ids);
      const ingestMs = performance.now() - ingestStarted;
      const loadedRss = processTreeRssMb(child);
      context.log(`ready in ${Math.round(readyMs)} ms; ${fileCount} files in ${Math.round(ingestMs)} ms`);
      return [
        {
          name: 'startup.ready_ms',
          value: Math.round(readyMs),
          unit: 'ms',
          note: 'spawn → /api/health ok with vectorStore ok (Chroma started)',
        },
        {
          name: 'startup.rss_idle_mb',
          value: round(idleServerRss, 1),
          unit: 'MB',
          note: 'the server process alone (node dist/main.js, as npm start runs it), after start',
        },
        {
          name: 'startup.rss_idle_chroma_mb',
          value: round(idleChromaRss, 1),
          unit: 'MB',
          note: 'the managed Chroma and its shell supervisor, after start',
        },
        {
          name: 'startup.rss_idle_total_mb',
          value: round(idleRss, 1),
          unit: 'MB',
          note: 'server + every child process, after start',
        },
        {
          name: `startup.rss_after_${fileCount}_files_mb`,
          value: round(loadedRss, 1),
          unit: 'MB',
          note: `after ingesting ${fileCount} small text files`,
        },
        {
          name: 'startup.ingest_files_per_s',
          value: round(fileCount / (ingestMs / 1000), 1),
          unit: 'files/s',
          note: `${fileCount} concurrent uploads to completed`,
        },
      ];
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  },
};
export default suite;

async function waitUntilHealthy(url: string): Promise<void> {
  for (;;) {
    const health = (await (await fetch(`${url}/api/health`)).json()) as {
      components: { vectorStore: { status: string } };
    };
    if (health.components.vectorStore.status === 'ok') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function waitUntilCompleted(url: string, ids: string[]): Promise<void> {
  for (;;) {
    const input = encodeURIComponent(JSON.stringify({ status: 'completed', limit: 200 }));
    const body = (await (await fetch(`${url}/trpc/files.list?input=${input}`)).json()) as {
      result: { data: { items: { fileId: string }[] } };
    };
    const done = new Set(body.result.data.items.map((item) => item.fileId));
    if (ids.every((id) => done.has(id))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** RSS of a process and its children (Chroma, extraction workers), from /proc; `only` filters by command line. */
function processTreeRssMb(child: ChildProcess, only: (commandLine: string) => boolean = () => true): number {
  return descendants(child.pid ?? 0)
    .filter((pid) => only(commandLineOf(pid)))
    .reduce((total, pid) => total + rssMb(pid), 0);
}

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Number(match?.[1] ?? 0) / 1024;
  } catch {
    // The process ended between listing and reading.
    return 0;
  }
}

function descendants(pid: number): number[] {
  let children: number[];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    children = [];
  }
  return [pid, ...children.flatMap(descendants)];
}
