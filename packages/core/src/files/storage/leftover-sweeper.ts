import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Node ends any request after 5 minutes (`server.requestTimeout`), so an upload's temp file left
 * untouched longer than this belongs to no request still being received.
 */
export const ABANDONED_UPLOAD_MS = 6 * 60_000;

export interface LeftoverSweeperOptions {
  /** `DATA_DIR/files`: stored originals (embedded mode) lie here, named by file id. */
  filesDir: string;
  /** Where uploads are received and checked. */
  incomingDir: string;
  /** Local copies of originals fetched for ingestion (PostgreSQL mode). */
  cacheDir: string;
  /** Ids of the files that exist: their originals are never leftovers. */
  knownIds(): Promise<Set<string>>;
  /**
   * How long another process may still be using a file of this folder (several processes on one
   * shared DATA_DIR); 0 when the folder is this process's alone.
   */
  graceMs: number;
  now(): Date;
}

/**
 * Removes what a crash mid-upload or mid-ingestion left on disk: at start (temp uploads, fetched
 * copies, originals with no file), and while running (uploads abandoned by a process that died
 * since this one started, on a shared folder, or cut off before a restart within the grace period).
 */
export class LeftoverSweeper {
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: LeftoverSweeperOptions) {}

  /** The sweep at start; then, every `intervalMs`, abandoned uploads. */
  async start(intervalMs: number): Promise<void> {
    await this.sweepAtStart();
    this.timer = setInterval(() => this.sweepAbandonedUploads(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async sweepAtStart(): Promise<void> {
    const { filesDir, incomingDir, cacheDir } = this.options;
    const known = await this.options.knownIds();
    const stale = this.untouchedFor(this.options.graceMs);
    for (const entry of readdirSync(filesDir, { withFileTypes: true })) {
      const path = join(filesDir, entry.name);
      if (entry.isFile() && !known.has(entry.name) && stale(path)) rmSync(path, { force: true });
    }
    // Temp uploads and fetched copies are never needed after a restart.
    for (const dir of [incomingDir, cacheDir]) this.removeFrom(dir, stale);
  }

  /** Temp uploads no request can still be writing or checking. */
  sweepAbandonedUploads(): void {
    this.removeFrom(this.options.incomingDir, this.untouchedFor(Math.max(this.options.graceMs, ABANDONED_UPLOAD_MS)));
  }

  private removeFrom(dir: string, stale: (path: string) => boolean): void {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (stale(path)) rmSync(path, { force: true });
    }
  }

  private untouchedFor(ms: number): (path: string) => boolean {
    const cutoff = this.options.now().getTime() - ms;
    return (path) => ms === 0 || (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0) < cutoff;
  }
}
