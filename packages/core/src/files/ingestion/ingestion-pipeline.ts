import type { ErrorInfo, FileProgressEvent, FileStage } from '@studio/shared';
import type { ConfigService } from '../../config/config-service';
import { CancelledError } from '../../errors/cancelled-error';
import { DomainError } from '../../errors/domain-error';
import { ExtractionError } from '../../errors/extraction-error';
import type { EventBus } from '../../events/event-bus';
import type { Logger } from '../../logger';
import type { Embedder } from '../../ports/embedder';
import type { Sql } from '../../store/sql';
import { ChunkIndexer } from './chunk-indexer';
import type { Extractor } from '../extraction/extraction-pool';
import type { FileStore, StoredFile } from '../storage/file-store';
import type { KeywordIndex } from '../search/keyword-index';
import type { VectorIndex } from '../storage/vector-index';
import type { SemanticStage } from './semantic-stage';
import { retryDelayMs } from './retry-delay';

/**
 * While Chroma or the embedder is unavailable a file waits and retries (2 s, 4 s, … up to a minute
 * apart, about a quarter of an hour in all) before it fails, so an outage or restart loses nothing.
 */
const MAX_UNAVAILABLE_ATTEMPTS = 20;
/**
 * Chunks written to the keyword index per transaction. SQLite runs a transaction's statements without
 * handing the event loop back, and 55k chunks of a 50 MB text took seconds: a larger file's chunks go
 * in batches of this many first, a turn of the loop apart, and only the completion is one transaction.
 */
const KEYWORD_BATCH = 500;

export interface IngestionPipelineDeps {
  db: Sql;
  store: FileStore;
  keywords: KeywordIndex;
  vectors: VectorIndex;
  embedder: Embedder;
  extractor: Extractor;
  /** The later semantic phase; a completed file is queued for it and never waits for it. */
  semantic?: SemanticStage;
  config: ConfigService;
  bus: EventBus;
  logger: Logger;
  /** A path on this host's disk holding the file's original (fetched from the store when needed). */
  localPath(fileId: string): Promise<string>;
  /** Drops the local copy `localPath` may have fetched, once extraction is over. */
  releaseLocal(fileId: string): Promise<void>;
  now(): string;
}

/**
 * One file through extracting → chunking → embedding → indexing → done. Idempotent: chunk ids are
 * deterministic and the file's old vectors and chunks are deleted before indexing, so a run that
 * a crash interrupted can simply run again without duplicates.
 */
export class IngestionPipeline {
  constructor(private readonly deps: IngestionPipelineDeps) {}

  /** Resolves 'done', 'failed' or 'interrupted' (shutdown: the job stays queued for next start). */
  async run(
    file: StoredFile,
    signal: AbortSignal,
    attempt = 1,
  ): Promise<'done' | 'failed' | 'interrupted' | 'deferred'> {
    const { deps } = this;
    const context = deps.config.section('context');
    const indexer = new ChunkIndexer({
      fileId: file.id,
      embedder: deps.embedder,
      vectors: deps.vectors,
      chunking: { size: context.chunk_size, overlap: context.chunk_overlap },
      signal,
      // A first attempt at a never-indexed file cannot have vectors yet; any retry or re-index can.
      clearFirst: attempt > 1 || file.indexName === deps.vectors.name,
    });
    let wroteKeywords = false;
    try {
      await this.progress(file.id, 'extracting', 5);
      const document = await deps.extractor
        .extract(
          await deps.localPath(file.id),
          file.type,
          {
            ocrEnabled: context.ocr_enabled,
            ocrLanguage: context.ocr_language,
            maxUncompressedBytes: Math.max(64, context.max_file_size_mb * 4) * 1024 * 1024,
          },
          signal,
          // Pages already read are chunked, embedded and partly written while the rest is read.
          (segments) => indexer.add(segments),
        )
        .finally(() => deps.releaseLocal(file.id).catch(() => undefined));
      this.checkAborted(signal);

      await this.progress(file.id, 'chunking', 30);
      await indexer.finishReading(document.segments.slice(indexer.taken));
      if (indexer.chunkCount === 0) {
        throw new ExtractionError(
          'NO_TEXT',
          file.type === 'pdf'
            ? 'no text could be found in this PDF (a scan with OCR turned off?)'
            : 'no text could be found in this file',
        );
      }

      await this.progress(file.id, 'embedding', 35);
      const chunks = await indexer.embedded();

      await this.progress(file.id, 'indexing', 85);
      await indexer.write();
      this.checkAborted(signal);
      const batched = chunks.length > KEYWORD_BATCH;
      if (batched) {
        // The chunks show in search a little before the file completes; a failure below removes them.
        wroteKeywords = true;
        await deps.db.transaction(() => deps.keywords.deleteFile(file.id));
        for (let start = 0; start < chunks.length; start += KEYWORD_BATCH) {
          this.checkAborted(signal);
          await deps.db.transaction(() =>
            deps.keywords.appendFileChunks(file.id, chunks.slice(start, start + KEYWORD_BATCH)),
          );
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      // Only database work inside: the transaction holds SQLite's connection.
      const stillThere = await deps.db.transaction(async () => {
        if (!(await deps.store.lock(file.id))) return false;
        if (!batched) await deps.keywords.replaceFileChunks(file.id, chunks);
        await deps.semantic?.jobs.enqueue(file.id, deps.now());
        return deps.store.complete(
          file.id,
          { chunkCount: chunks.length, pageCount: document.pageCount, indexName: deps.vectors.name },
          deps.now(),
        );
      });
      if (!stillThere) {
        // Deleted while we worked: take back the vectors (and any chunk batches) we just wrote.
        if (batched) await deps.keywords.deleteFile(file.id);
        await deps.vectors.deleteFile(file.id);
        return 'failed';
      }
      this.publish({
        fileId: file.id,
        status: 'completed',
        stage: 'done',
        progress: 100,
        message: `${chunks.length} chunks indexed`,
        ...(deps.semantic ? { semantic: { status: 'pending' as const, progress: 0 } } : {}),
      });
      deps.semantic?.notify();
      return 'done';
    } catch (error) {
      // Work still running for pages read before the failure lands first, so nothing is written after the clean-up below.
      await indexer.settle();
      if (!(await deps.store.get(file.id))) {
        // Deleted while we worked: take back any vectors we wrote.
        await deps.vectors.deleteFile(file.id).catch(() => undefined);
        return 'failed';
      }
      if (signal.aborted || error instanceof CancelledError) {
        await deps.store.jobs.release(file.id, deps.now());
        return 'interrupted';
      }
      const info = toErrorInfo(error);
      if (DomainError.isInstance(error) && error.kind === 'unavailable' && attempt < MAX_UNAVAILABLE_ATTEMPTS) {
        // Chroma or the embeddings endpoint is down: try again shortly instead of failing the file.
        const delayMs = retryDelayMs(attempt);
        await deps.store.jobs.defer(file.id, new Date(Date.parse(deps.now()) + delayMs).toISOString(), deps.now());
        deps.logger.warn('ingestion deferred: a dependency is unavailable', {
          fileId: file.id,
          code: info.code,
          retryInMs: delayMs,
        });
        this.publish({
          fileId: file.id,
          status: 'pending',
          stage: 'queued',
          progress: 0,
          message: `${info.message}; retrying in ${Math.round(delayMs / 1000)} s`,
        });
        return 'deferred';
      }
      // A failed file keeps no vectors (a deferred or interrupted one is cleared by its next run).
      if (indexer.wroteVectors) await deps.vectors.deleteFile(file.id).catch(() => undefined);
      if (wroteKeywords) await deps.db.transaction(() => deps.keywords.deleteFile(file.id)).catch(() => undefined);
      await this.fail(file.id, info);
      return 'failed';
    }
  }

  /** Records a failure on the file and tells subscribers. */
  async fail(fileId: string, error: ErrorInfo): Promise<void> {
    if (!(await this.deps.store.get(fileId))) return;
    await this.deps.store.fail(fileId, error, this.deps.now());
    this.deps.logger.warn('a file failed to ingest', { fileId, code: error.code, message: error.message });
    this.publish({
      fileId,
      status: 'failed',
      stage: 'failed',
      progress: 0,
      error,
      message: error.message,
    });
  }

  private async progress(fileId: string, stage: FileStage, progress: number): Promise<void> {
    await this.deps.store.setStage(fileId, stage, progress, this.deps.now());
    this.publish({ fileId, status: 'processing', stage, progress });
  }

  /** Tells subscribers how a file is doing; nobody awaits it, so a failure to publish is logged here. */
  private publish(progress: FileProgressEvent): void {
    this.deps.bus.publish('file-progress', progress).catch((error: unknown) => {
      this.deps.logger.warn('could not publish file progress', { fileId: progress.fileId, error: String(error) });
    });
  }

  private checkAborted(signal: AbortSignal): void {
    if (signal.aborted) throw new CancelledError('ingestion interrupted');
  }
}

function toErrorInfo(error: unknown): ErrorInfo {
  if (DomainError.isInstance(error)) return { code: error.code, message: error.message };
  return {
    code: 'INGESTION_FAILED',
    message: `ingestion failed: ${error instanceof Error ? error.message : String(error)}`,
  };
}
