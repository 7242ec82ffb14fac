import type { FileRecord, FileStatus, FileStatusOutput, SearchHit } from '@studio/shared';
import { readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigService } from '../config/config-service';
import { NotFoundError } from '../errors/not-found-error';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import type { Embedder } from '../ports/embedder';
import type { FileRetriever } from '../ports/file-retriever';
import type { SqliteDatabase } from '../store/database';
import type { WorkTracker } from '../work-tracker';
import type { Extractor } from './extraction/extraction-pool';
import { FileStore, toFileRecord, toStatusOutput } from './file-store';
import { IngestionPipeline } from './ingestion-pipeline';
import { IngestionQueue } from './ingestion-queue';
import { KeywordIndex } from './keyword-index';
import { HybridSearch } from './search';
import { cleanFileName, MIME_TYPES, UploadIntake, type UploadInput } from './upload-intake';
import type { VectorIndex } from './vector-index';

export interface FileServiceDeps {
  dataDir: string;
  db: SqliteDatabase;
  bus: EventBus;
  config: ConfigService;
  embedder: Embedder;
  vectors: VectorIndex;
  extractor: Extractor;
  work: WorkTracker;
  logger: Logger;
  generateId(): string;
  now(): Date;
  /** Files ingested at once; the machine has two cores. */
  concurrency?: number;
}

/**
 * The Context Manager's face: upload, status, list, delete and hybrid search over the user's
 * files. `files.upload` and `POST /api/files` both end in `upload`.
 */
export class FileService implements FileRetriever {
  private readonly store: FileStore;
  private readonly keywords: KeywordIndex;
  private readonly intake: UploadIntake;
  private readonly queue: IngestionQueue;
  private readonly searcher: HybridSearch;

  constructor(private readonly deps: FileServiceDeps) {
    this.store = new FileStore(deps.db);
    this.keywords = new KeywordIndex(deps.db);
    this.intake = new UploadIntake(deps.dataDir, deps.config);
    const now = () => deps.now().toISOString();
    const pipeline = new IngestionPipeline({
      db: deps.db,
      store: this.store,
      keywords: this.keywords,
      vectors: deps.vectors,
      embedder: deps.embedder,
      extractor: deps.extractor,
      config: deps.config,
      bus: deps.bus,
      logger: deps.logger,
      storedPath: (fileId) => this.intake.storedPath(fileId),
      now,
    });
    this.queue = new IngestionQueue({ store: this.store, pipeline, work: deps.work, logger: deps.logger, now, concurrency: deps.concurrency });
    this.searcher = new HybridSearch({ embedder: deps.embedder, vectors: deps.vectors, keywords: this.keywords, config: deps.config });
  }

  /** Where the HTTP route streams uploads before `upload` checks them. */
  get incomingDir(): string {
    return this.intake.incomingDir;
  }

  /** The current upload limit in bytes (config.context.max_file_size_mb). */
  maxUploadBytes(): number {
    return this.intake.maxBytes();
  }

  /**
   * Resumes the durable queue: jobs a crash interrupted run again, files indexed with another
   * embedder are re-indexed into this one's collection, and stray temp files are removed.
   */
  start(): void {
    this.sweepIncoming();
    const stale = this.store.requeueStale(this.deps.vectors.name, this.deps.now().toISOString());
    if (stale > 0) this.deps.logger.info('re-indexing files for a changed embedder', { files: stale, index: this.deps.vectors.name });
    this.queue.start();
  }

  stop(): void {
    this.queue.stop();
  }

  /** Starts the vector store (and opens the collection) in the background, so the first upload or search does not wait for it. */
  warmUp(): void {
    this.deps.vectors.count().catch((error: unknown) => this.deps.logger.warn('the vector store did not start', { error: String(error) }));
  }

  /** Checks and stores the file, records it with a queued job, and answers at once. */
  async upload(input: UploadInput): Promise<FileRecord> {
    const fileId = this.deps.generateId();
    const name = cleanFileName(input.name);
    const { size, type } = await this.intake.accept(fileId, { ...input, name });
    const now = this.deps.now().toISOString();
    const file = this.store.insertWithJob({ id: fileId, name, size, mimeType: MIME_TYPES[type], type, sessionId: input.sessionId, createdAt: now }, now);
    this.deps.bus.publish('file-progress', { fileId, status: 'pending', stage: 'queued', progress: 0 });
    this.queue.notify();
    return toFileRecord(file);
  }

  status(fileId: string): FileStatusOutput {
    return toStatusOutput(this.require(fileId));
  }

  get(fileId: string): FileRecord {
    return toFileRecord(this.require(fileId));
  }

  list(input: { status?: FileStatus; limit?: number; cursor?: string | null } = {}): { items: FileRecord[]; nextCursor: string | null } {
    const limit = input.limit ?? 50;
    const rows = this.store.list({ status: input.status, limit: limit + 1, cursor: input.cursor ?? undefined });
    const page = rows.slice(0, limit);
    return { items: page.map(toFileRecord), nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null };
  }

  /** Removes the file, its chunks (FTS5) and its vectors (Chroma); a running ingestion stops. */
  async delete(fileId: string): Promise<{ fileId: string; deleted: true }> {
    this.require(fileId);
    this.queue.cancel(fileId);
    this.deps.db.transaction(() => {
      this.keywords.deleteFile(fileId);
      this.store.delete(fileId);
    })();
    await rm(this.intake.storedPath(fileId), { force: true });
    try {
      await this.deps.vectors.deleteFile(fileId);
    } catch (error) {
      // Search only returns vectors whose chunk row exists, so vectors left behind are never shown.
      this.deps.logger.warn('could not delete a file\'s vectors; they are unreachable and harmless', { fileId, error: String(error) });
    }
    return { fileId, deleted: true };
  }

  search(input: { query: string; fileIds?: string[]; k?: number }, signal?: AbortSignal): Promise<SearchHit[]> {
    return this.searcher.search(input, signal);
  }

  /** Resolves when every queued file has been processed (tests and benchmarks). */
  whenIdle(): Promise<void> {
    return this.queue.idle();
  }

  private require(fileId: string) {
    const file = this.store.get(fileId);
    if (!file) throw new NotFoundError('file', fileId);
    return file;
  }

  /** Temp uploads and stored files with no row are leftovers of a crash mid-upload. */
  private sweepIncoming(): void {
    const known = this.store.allIds();
    for (const entry of readdirSync(this.intake.filesDir, { withFileTypes: true })) {
      if (entry.isFile() && !known.has(entry.name)) rmSync(join(this.intake.filesDir, entry.name), { force: true });
    }
    for (const entry of readdirSync(this.intake.incomingDir)) rmSync(join(this.intake.incomingDir, entry), { force: true });
  }
}
