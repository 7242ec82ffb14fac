import type {
  FilePassageInput,
  FilePassageOutput,
  FileRecord,
  FileStatus,
  FileStatusOutput,
  SearchHit,
} from '@studio/shared';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigService } from '../config/config-service';
import { NotFoundError } from '../errors/not-found-error';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import type { Embedder } from '../ports/embedder';
import type { ChunkReader, ChunkText } from '../ports/chunk-reader';
import type { FileRetriever } from '../ports/file-retriever';
import type { Sql } from '../store/sql';
import type { WorkTracker } from '../work-tracker';
import type { Extractor } from './extraction/extraction-pool';
import { FileStore, toFileRecord, toStatusOutput, type StoredFile } from './storage/file-store';
import { IngestionPipeline } from './ingestion/ingestion-pipeline';
import { BullmqIngestionQueue } from './ingestion/bullmq-ingestion-queue';
import { IngestionQueue } from './ingestion/ingestion-queue';
import { createKeywordIndex } from './search/create-keyword-index';
import { readPassage } from './search/passage';
import { readChunkText, readDocumentText } from './search/chunk-text';
import type { KeywordIndex } from './search/keyword-index';
import { HybridSearch } from './search/search';
import { cleanFileName, MIME_TYPES, UploadIntake, type UploadInput } from './ingestion/upload-intake';
import type { VectorIndex } from './storage/vector-index';
import type { SemanticIndex } from './storage/semantic-index';
import { SemanticStage } from './ingestion/semantic-stage';
import type { Readable } from 'node:stream';
import type { ByteRange, OriginalStore } from './storage/originals/original-store';
import { LeftoverSweeper } from './storage/leftover-sweeper';
import { DiskOriginalStore } from './storage/originals/disk-original-store';
import { PostgresOriginalStore } from './storage/originals/postgres-original-store';

/** A running ingestion's lease on PostgreSQL: a job whose process died resumes elsewhere after this. */
const JOB_LEASE_MS = 60_000;

export interface FileServiceDeps {
  dataDir: string;
  db: Sql;
  bus: EventBus;
  config: ConfigService;
  embedder: Embedder;
  vectors: VectorIndex;
  /** Semantic vectors, written in a later phase after a file is keyword searchable; unset: no such phase. */
  semantic?: SemanticIndex;
  extractor: Extractor;
  work: WorkTracker;
  logger: Logger;
  generateId(): string;
  now(): Date;
  /** Files ingested at once; the machine has two cores. 0: this process ingests nothing itself. */
  concurrency?: number;
  /** Jobs on Redis (BullMQ) so several processes share them; unset: the job table drives this process's queue. */
  redis?: { url: string; prefix?: string };
}

/** What the service needs of an ingestion queue: the one-process queue or the BullMQ one. */
interface IngestionScheduler {
  start(): Promise<void>;
  notify(): void;
  cancel(fileId: string): void;
  idle(): Promise<void>;
  stop(): void | Promise<void>;
}

/**
 * The Context Manager's face: upload, status, list, delete and hybrid search over the user's
 * files. `files.upload` and `POST /api/files` both end in `upload`.
 */
export class FileService implements FileRetriever, ChunkReader {
  private readonly store: FileStore;
  private readonly keywords: KeywordIndex;
  private readonly intake: UploadIntake;
  private readonly queue: IngestionScheduler;
  private readonly searcher: HybridSearch;
  private readonly semanticStage?: SemanticStage;
  private readonly originals: OriginalStore | PostgresOriginalStore;
  private readonly leftovers: LeftoverSweeper;

  constructor(private readonly deps: FileServiceDeps) {
    this.store = new FileStore(deps.db);
    this.keywords = createKeywordIndex(deps.db);
    this.intake = new UploadIntake(deps.dataDir, deps.config);
    // On PostgreSQL other processes (other hosts' disks) ingest and serve the file too; the local
    // folder is then only a cache.
    const cacheDir = join(this.intake.filesDir, 'cache');
    this.originals =
      deps.db.dialect === 'postgres'
        ? new PostgresOriginalStore(deps.db, cacheDir, this.intake.filesDir)
        : new DiskOriginalStore(this.intake.filesDir);
    this.leftovers = new LeftoverSweeper({
      filesDir: this.intake.filesDir,
      incomingDir: this.intake.incomingDir,
      cacheDir,
      knownIds: () => this.store.allIds(),
      // With PostgreSQL, several processes may (as before originals moved there) share one DATA_DIR.
      graceMs: deps.db.dialect === 'postgres' ? JOB_LEASE_MS : 0,
      now: deps.now,
    });
    const now = () => deps.now().toISOString();
    // A process that ingests nothing itself (concurrency 0) runs no semantic phase either.
    this.semanticStage =
      deps.semantic && deps.concurrency !== 0
        ? new SemanticStage({ db: deps.db, index: deps.semantic, bus: deps.bus, logger: deps.logger, now })
        : undefined;
    const pipeline = new IngestionPipeline({
      db: deps.db,
      store: this.store,
      keywords: this.keywords,
      vectors: deps.vectors,
      embedder: deps.embedder,
      extractor: deps.extractor,
      semantic: this.semanticStage,
      config: deps.config,
      bus: deps.bus,
      logger: deps.logger,
      localPath: (fileId) => this.originals.localPath(fileId),
      releaseLocal: (fileId) => this.originals.release(fileId),
      now,
    });
    const queueDeps = { pipeline, work: deps.work, logger: deps.logger, now, concurrency: deps.concurrency };
    this.queue = deps.redis
      ? new BullmqIngestionQueue({ ...queueDeps, store: this.store.jobs, redis: deps.redis })
      : new IngestionQueue({
          ...queueDeps,
          store: this.store.jobs,
          // Several processes may share PostgreSQL's job table; SQLite's belongs to this process alone.
          leaseMs: deps.db.dialect === 'postgres' ? JOB_LEASE_MS : undefined,
        });
    this.searcher = new HybridSearch({
      embedder: deps.embedder,
      vectors: deps.vectors,
      keywords: this.keywords,
      config: deps.config,
      semantic: deps.semantic,
    });
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
  async start(): Promise<void> {
    await this.leftovers.start(JOB_LEASE_MS);
    if (this.originals instanceof PostgresOriginalStore) {
      const adopted = await this.originals
        .adoptLegacy(await this.store.allIds())
        .catch((error: unknown) =>
          this.deps.logger.warn('could not move originals into the database', { error: String(error) }),
        );
      if (adopted) this.deps.logger.info('moved originals from DATA_DIR into the database', { files: adopted });
    }
    const stale = await this.store.requeueStale(this.deps.vectors.name, this.deps.now().toISOString());
    if (stale > 0)
      this.deps.logger.info('re-indexing files for a changed embedder', {
        files: stale,
        index: this.deps.vectors.name,
      });
    await this.queue.start();
    await this.semanticStage?.start();
  }

  async stop(): Promise<void> {
    this.leftovers.stop();
    await this.semanticStage?.stop();
    await this.queue.stop();
  }

  /** Semantic vectors of chunks (search queries them with `query(text, { k, fileIds })`); unset when off. */
  get semantic(): SemanticIndex | undefined {
    return this.deps.semantic;
  }

  /** Starts the vector store (and opens the collection) in the background, so the first upload or search does not wait for it. */
  warmUp(): void {
    this.deps.vectors
      .count()
      .catch((error: unknown) => this.deps.logger.warn('the vector store did not start', { error: String(error) }));
  }

  /**
   * Checks the file, keeps its original and records it with a queued job in one transaction (an
   * answered upload survives a restart; a failed one leaves no original behind), and answers at once.
   */
  async upload(input: UploadInput): Promise<FileRecord> {
    const fileId = this.deps.generateId();
    const name = cleanFileName(input.name);
    const { size, type, path } = await this.intake.accept(fileId, { ...input, name });
    const now = this.deps.now().toISOString();
    let file: StoredFile;
    try {
      file = await this.deps.db.transaction(async () => {
        await this.originals.put(fileId, path);
        return this.store.insertWithJob(
          { id: fileId, name, size, mimeType: MIME_TYPES[type], type, sessionId: input.sessionId, createdAt: now },
          now,
        );
      });
    } catch (error) {
      await rm(path, { force: true });
      await this.originals.delete(fileId).catch(() => undefined);
      throw error;
    }
    this.deps.bus
      .publish('file-progress', { fileId, status: 'pending', stage: 'queued', progress: 0 })
      .catch((error: unknown) =>
        this.deps.logger.warn('could not publish file progress', { fileId, error: String(error) }),
      );
    this.queue.notify();
    return toFileRecord(file);
  }

  async status(fileId: string): Promise<FileStatusOutput> {
    return toStatusOutput(await this.require(fileId));
  }

  async get(fileId: string): Promise<FileRecord> {
    return toFileRecord(await this.require(fileId));
  }

  /** A chunk with its neighbours on the same page or section: a citation in its surrounding text. */
  async passage(input: FilePassageInput): Promise<FilePassageOutput> {
    return readPassage(this.keywords, (fileId) => this.require(fileId), input);
  }

  /**
   * The original bytes of a file (all, or an inclusive range within its size) for download and page
   * viewing; NotFoundError when the file or its original is gone.
   */
  async content(fileId: string, range?: ByteRange): Promise<{ file: FileRecord; body: Readable }> {
    const file = await this.require(fileId);
    const body = await this.originals.open(fileId, range);
    if (!body) throw new NotFoundError('original', fileId);
    return { file: toFileRecord(file), body };
  }

  async list(
    input: { status?: FileStatus; limit?: number; cursor?: string | null } = {},
  ): Promise<{ items: FileRecord[]; nextCursor: string | null }> {
    const limit = input.limit ?? 50;
    const rows = await this.store.list({ status: input.status, limit: limit + 1, cursor: input.cursor ?? undefined });
    const page = rows.slice(0, limit);
    return {
      items: page.map(toFileRecord),
      nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
    };
  }

  /** Removes the file, its chunks (keyword index) and its vectors (Chroma); a running ingestion stops. */
  async delete(fileId: string): Promise<{ fileId: string; deleted: true }> {
    await this.require(fileId);
    this.queue.cancel(fileId);
    await this.deps.db.transaction(async () => {
      await this.keywords.deleteFile(fileId);
      await this.store.delete(fileId);
    });
    await this.originals.delete(fileId);
    try {
      await this.deps.vectors.deleteFile(fileId);
      await this.deps.semantic?.deleteFile(fileId);
    } catch (error) {
      // Search only returns vectors whose chunk row exists, so vectors left behind are never shown.
      this.deps.logger.warn("could not delete a file's vectors; they are unreachable and harmless", {
        fileId,
        error: String(error),
      });
    }
    return { fileId, deleted: true };
  }

  search(input: { query: string; fileIds?: string[]; k?: number }, signal?: AbortSignal): Promise<SearchHit[]> {
    return this.searcher.search(input, signal);
  }

  /** One stored chunk by id (`read_chunk`, MCP); undefined when it or its file is gone. */
  readChunk(chunkId: string): Promise<ChunkText | undefined> {
    return readChunkText(this.keywords, chunkId);
  }

  /** A file's chunks in document order (`summarize`); empty for an unknown file. */
  readDocument(fileId: string): Promise<ChunkText[]> {
    return readDocumentText(this.keywords, fileId);
  }

  /** Resolves when every queued file has been processed (tests and benchmarks). */
  whenIdle(): Promise<void> {
    return this.queue.idle();
  }

  /** Resolves when every file's semantic phase has run, after the files themselves (tests and benchmarks). */
  async whenSemanticIdle(): Promise<void> {
    await this.queue.idle();
    await this.semanticStage?.idle();
  }

  private async require(fileId: string): Promise<StoredFile> {
    const file = await this.store.get(fileId);
    if (!file) throw new NotFoundError('file', fileId);
    return file;
  }
}
