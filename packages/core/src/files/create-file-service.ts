import { join } from 'node:path';
import type { ConfigService } from '../config/config-service';
import type { EventBus } from '../events/event-bus';
import type { HealthService } from '../health/health-service';
import type { Logger } from '../logger';
import type { Embedder } from '../ports/embedder';
import type { Sql } from '../store/sql';
import type { WorkTracker } from '../work-tracker';
import { ExternalChroma, ManagedChroma, type ChromaEndpoint } from './storage/chroma/chroma-server';
import { ExtractionPool } from './extraction/extraction-pool';
import { FileService } from './file-service';
import { ChromaVectorIndex } from './storage/vector-index';
import { SemanticIndex } from './storage/semantic-index';
import { generateId as defaultGenerateId } from '../clock';

/** Limits of the extraction child processes (tests shorten them). */
export interface FileServiceLimits {
  extractionTimeoutMs?: number;
  extractionMemoryLimitMb?: number;
  concurrency?: number;
}

export interface CreateFileServiceOptions {
  dataDir: string;
  db: Sql;
  bus: EventBus;
  config: ConfigService;
  embedder: Embedder;
  /** The model of the later semantic phase (its own collection); unset: no semantic phase. */
  semantic?: { embedder: Embedder; windows?: boolean };
  work: WorkTracker;
  logger: Logger;
  health: HealthService;
  /** An external Chroma; unset means a managed one under `<dataDir>/chroma`. */
  chromaUrl?: string;
  /** The Chroma endpoint when the caller shares it (memory keeps its vectors there too); stopped on close. */
  chroma?: ChromaEndpoint;
  limits?: FileServiceLimits;
  /** Ingestion jobs on Redis (BullMQ), shared by several processes. */
  redis?: { url: string; prefix?: string };
}

/**
 * Wires the Context Manager: the Chroma endpoint (external or managed, started on first use), the
 * extraction pool and the file service; registers the `vectorStore` health probe and resumes the
 * ingestion queue. `close` stops the queue, the extraction children and a managed Chroma.
 */
export async function createFileService(
  options: CreateFileServiceOptions,
): Promise<{ files: FileService; close(): Promise<void> }> {
  const chroma: ChromaEndpoint =
    options.chroma ??
    (options.chromaUrl
      ? new ExternalChroma(options.chromaUrl)
      : new ManagedChroma(join(options.dataDir, 'chroma'), options.logger));
  const vectors = new ChromaVectorIndex(chroma, options.embedder);
  const semantic = options.semantic
    ? new SemanticIndex({
        embedder: options.semantic.embedder,
        vectors: new ChromaVectorIndex(chroma, options.semantic.embedder),
        windows: options.semantic.windows,
      })
    : undefined;
  const extractor = new ExtractionPool({
    logger: options.logger,
    // A process that ingests nothing (concurrency 0) still needs a pool for nothing: one idle slot.
    size: Math.max(1, options.limits?.concurrency ?? 2),
    timeoutMs: options.limits?.extractionTimeoutMs,
    memoryLimitMb: options.limits?.extractionMemoryLimitMb,
  });
  const files = new FileService({
    dataDir: options.dataDir,
    db: options.db,
    bus: options.bus,
    config: options.config,
    embedder: options.embedder,
    vectors,
    semantic,
    extractor,
    work: options.work,
    logger: options.logger,
    generateId: defaultGenerateId,
    now: () => new Date(),
    concurrency: options.limits?.concurrency,
    redis: options.redis,
  });
  options.health.register('vectorStore', async () => {
    const probe = await chroma.probe();
    return { status: probe.status, detail: `${probe.detail}; collection ${vectors.name}` };
  });
  try {
    await files.start();
  } catch (error) {
    await files.stop();
    await extractor.close();
    await chroma.stop();
    throw error;
  }
  return {
    files,
    close: async () => {
      await files.stop();
      await extractor.close();
      await chroma.stop();
    },
  };
}
