import { SemanticEmbedder, type Studio } from '@studio/core';
import { performance } from 'node:perf_hooks';

/** Upload through POST /api/files and wait until the file's semantic phase is `ready`. */
export async function uploadToSemanticReady(studio: Studio, url: string, name: string, bytes: Buffer) {
  const started = performance.now();
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const response = await fetch(`${url}/api/files`, { method: 'POST', body: form });
  const { fileId } = (await response.json()) as { fileId: string };
  await new Promise<void>((resolve, reject) => {
    const stop = studio.bus.subscribe('file-progress', (event) => {
      if (event.data.fileId !== fileId) return;
      if (event.data.semantic?.status === 'ready') {
        stop();
        resolve();
      } else if (event.data.stage === 'failed' || event.data.semantic?.status === 'failed') {
        stop();
        reject(new Error(event.data.message ?? 'semantic phase failed'));
      }
    });
  });
  return { fileId, elapsedMs: performance.now() - started };
}

/** The baseline: the same chunks embedded alone by the same model on as many threads, nothing else running. */
export async function embeddingAlone(texts: string[]): Promise<number> {
  const embedder = new SemanticEmbedder({ threads: 2 });
  try {
    await embedder.embed(['warm up the model', 'on both threads'].concat(Array(15).fill('x')));
    const started = performance.now();
    await embedder.embed(texts);
    return performance.now() - started;
  } finally {
    await embedder.close();
  }
}

/** `GET /api/health` every `everyMs` until `until` settles; latencies in ms. */
export async function sampleHealth(url: string, until: Promise<unknown>, everyMs = 50): Promise<number[]> {
  const samples: number[] = [];
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    const started = performance.now();
    await fetch(`${url}/api/health`).then((response) => response.arrayBuffer());
    samples.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return samples;
}

/** About `megabytes` MB of plain text, a findable code on every line. */
export function bigText(megabytes: number): Buffer {
  const words = ['pump', 'filter', 'valve', 'pressure', 'maintenance', 'schedule', 'replace', 'inspect', 'torque'];
  const lines: string[] = [];
  let size = 0;
  for (let line = 0; size < megabytes * 1024 * 1024; line += 1) {
    const text = `Record ${line}: ${Array.from({ length: 14 }, (_, word) => words[(line * 7 + word * 3) % words.length]).join(' ')}. Part PX-${line}.${line % 40 === 0 ? '\n' : ''}`;
    lines.push(text);
    size += text.length + 1;
  }
  return Buffer.from(lines.join('\n'));
}
