import type { SupportedFileType } from '@studio/shared';
import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CancelledError } from '../../errors/cancelled-error';
import { ExtractionError } from '../../errors/extraction-error';
import type { Logger } from '../../logger';
import type { ExtractedDocument, ExtractionOptions, TextSegment } from './extracted-document';
import type { ExtractionReply, ExtractionRequest } from './extraction-protocol';

/** Reads files into text; the ingestion pipeline depends on this seam, tests may fake it. */
export interface Extractor {
  /** `onSegments` receives segments as they are read, for formats read in steps (PDF). */
  extract(
    path: string,
    type: SupportedFileType,
    options: ExtractionOptions,
    signal?: AbortSignal,
    onSegments?: (segments: TextSegment[]) => void,
  ): Promise<ExtractedDocument>;
  close(): Promise<void>;
}

export interface ExtractionPoolOptions {
  logger: Logger;
  /** Child processes at most (one file each at a time). */
  size?: number;
  /** A file taking longer than this fails with EXTRACTION_TIMEOUT. */
  timeoutMs?: number;
  /** Resident memory a child may reach before it is killed (EXTRACTION_MEMORY_LIMIT). */
  memoryLimitMb?: number;
  /** Idle children exit after this long, giving their memory back. */
  idleMs?: number;
}

interface Worker {
  child: ChildProcess;
  busy: boolean;
  idleTimer?: NodeJS.Timeout;
}

const CHILD_ENTRY = new URL('./extraction-child' + (import.meta.url.endsWith('.ts') ? '.ts' : '.js'), import.meta.url);

/**
 * Runs extraction in child processes with a V8 heap cap, an RSS watchdog and a deadline: a zip
 * bomb, a runaway PDF or a crashing parser fails that one file, within seconds, and the server
 * (and the other file being read) carries on.
 */
export class ExtractionPool implements Extractor {
  private readonly workers = new Set<Worker>();
  private readonly waiting: ((worker: Worker) => void)[] = [];
  private nextId = 1;
  private closed = false;
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly memoryLimitMb: number;
  private readonly idleMs: number;

  constructor(private readonly options: ExtractionPoolOptions) {
    this.size = options.size ?? 2;
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.memoryLimitMb = options.memoryLimitMb ?? 1024;
    this.idleMs = options.idleMs ?? 30_000;
  }

  async extract(
    path: string,
    type: SupportedFileType,
    options: ExtractionOptions,
    signal?: AbortSignal,
    onSegments?: (segments: TextSegment[]) => void,
  ): Promise<ExtractedDocument> {
    if (signal?.aborted) throw new CancelledError('extraction cancelled');
    const worker = await this.acquire();
    try {
      return await this.run(worker, { id: this.nextId++, path, type, options }, signal, onSegments);
    } finally {
      this.releaseWorker(worker);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const worker of this.workers) worker.child.kill('SIGKILL');
    this.workers.clear();
  }

  private run(
    worker: Worker,
    request: ExtractionRequest,
    signal?: AbortSignal,
    onSegments?: (segments: TextSegment[]) => void,
  ): Promise<ExtractedDocument> {
    const { child } = worker;
    return new Promise<ExtractedDocument>((resolve, reject) => {
      let failure: Error | undefined;
      const kill = (error: Error) => {
        failure ??= error;
        child.kill('SIGKILL');
      };
      const timer = setTimeout(
        () =>
          kill(
            new ExtractionError(
              'EXTRACTION_TIMEOUT',
              `reading the file took longer than ${Math.round(this.timeoutMs / 1000)} s`,
            ),
          ),
        this.timeoutMs,
      );
      const watchdog = setInterval(() => {
        void residentMb(child.pid).then((mb) => {
          if (mb > this.memoryLimitMb)
            kill(
              new ExtractionError(
                'EXTRACTION_MEMORY_LIMIT',
                `reading the file needed more than ${this.memoryLimitMb} MB of memory`,
              ),
            );
        });
      }, 200);
      const onAbort = () => kill(new CancelledError('extraction cancelled'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(watchdog);
        signal?.removeEventListener('abort', onAbort);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      const received: TextSegment[] = [];
      const onMessage = (message: ExtractionReply) => {
        if (message.id !== request.id) return;
        if (message.ok && message.partial) {
          received.push(...message.segments);
          onSegments?.(message.segments);
          return;
        }
        cleanup();
        if (message.ok) resolve(message.streamed ? { ...message.document, segments: received } : message.document);
        else reject(new ExtractionError(message.code, message.message));
      };
      const onExit = (code: number | null, exitSignal: NodeJS.Signals | null) => {
        cleanup();
        this.workers.delete(worker);
        reject(
          failure ??
            new ExtractionError(
              code === 134 || exitSignal === 'SIGABRT' ? 'EXTRACTION_MEMORY_LIMIT' : 'EXTRACTION_CRASHED',
              code === 134 || exitSignal === 'SIGABRT'
                ? 'reading the file ran out of memory'
                : `the file reader crashed (${exitSignal ?? `exit code ${code}`})`,
            ),
        );
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      if (signal?.aborted) {
        onAbort();
        return;
      }
      try {
        child.send(request);
      } catch (error) {
        kill(
          new ExtractionError(
            'EXTRACTION_CRASHED',
            `the file reader could not be reached (${(error as Error).message})`,
          ),
        );
      }
    });
  }

  private acquire(): Promise<Worker> {
    if (this.closed) return Promise.reject(new CancelledError('the extraction pool is closed'));
    for (const worker of this.workers) {
      if (!worker.busy) return Promise.resolve(this.claim(worker));
    }
    if (this.workers.size < this.size) return Promise.resolve(this.claim(this.spawn()));
    return new Promise((resolve) => this.waiting.push((worker) => resolve(this.claim(worker))));
  }

  private claim(worker: Worker): Worker {
    worker.busy = true;
    clearTimeout(worker.idleTimer);
    setRef(worker.child, true);
    return worker;
  }

  private releaseWorker(worker: Worker): void {
    worker.busy = false;
    const alive = this.workers.has(worker);
    const next = this.waiting.shift();
    if (next) {
      next(alive ? worker : this.spawn());
      return;
    }
    if (!alive) return;
    setRef(worker.child, false);
    worker.idleTimer = setTimeout(() => {
      this.workers.delete(worker);
      worker.child.disconnect();
    }, this.idleMs);
    worker.idleTimer.unref();
  }

  private spawn(): Worker {
    const heapMb = Math.max(256, Math.floor(this.memoryLimitMb * 0.75));
    const execArgv = [`--max-old-space-size=${heapMb}`];
    if (CHILD_ENTRY.pathname.endsWith('.ts')) execArgv.unshift('--import', tsxLoader());
    const child = fork(fileURLToPath(CHILD_ENTRY), [], {
      execArgv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let stderr = '';
    child.stderr?.on('data', (data: Buffer) => {
      stderr = (stderr + data.toString()).slice(-2000);
    });
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL' && stderr.trim())
        this.options.logger.warn('an extraction process exited', { code, signal, stderr: stderr.trim().slice(-500) });
    });
    child.on('error', (error) => this.options.logger.warn('an extraction process failed', { error: error.message }));
    const worker: Worker = { child, busy: false };
    // A child that dies while idle must not be handed the next file.
    child.once('exit', () => {
      if (!worker.busy) this.workers.delete(worker);
    });
    this.workers.add(worker);
    return worker;
  }
}

/** An idle child (its handle, IPC channel and stderr pipe) must not keep the parent process alive. */
function setRef(child: ChildProcess, referenced: boolean): void {
  const handles = [child, child.channel, child.stderr] as (
    { ref?: () => void; unref?: () => void } | null | undefined
  )[];
  for (const handle of handles) {
    if (referenced) handle?.ref?.();
    else handle?.unref?.();
  }
}

function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

/** Resident set size of a process in MB (Linux /proc); 0 where unknown. */
async function residentMb(pid: number | undefined): Promise<number> {
  if (!pid) return 0;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}
