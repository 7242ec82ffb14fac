/**
 * The public API of `@studio/core`: what the server, the API layer, the web tests, the benches and
 * the evaluation use. Everything else is internal; other packages import only from here (a
 * dependency-cruiser rule keeps it so). Add a name here when another package needs it.
 */

// Composition: build the whole graph; the API layer receives it as its context.
export { createStudio, type Studio, type StudioOptions } from './studio';
export { allMigrations } from './all-migrations';

// Seams: the interfaces core's services receive their collaborators through.
export type * from './ports';

// Errors: typed domain errors, mapped to transport errors in packages/api and the upload route.
export { DomainError, type DomainErrorKind } from './errors/domain-error';
export { InvalidInputError } from './errors/invalid-input-error';
export { PayloadTooLargeError } from './errors/payload-too-large-error';

// Events: the topics subscriptions stream, with resume by event id.
export type { StudioTopics, TopicName } from './events/topics';
export { streamEvents } from './events/stream-events';
export { compareEventIds } from './events/event-id';

// Logging.
export { createConsoleLogger } from './logger';

// Routes the server mounts beside tRPC (MCP over HTTP, the OpenAI-compatible endpoint).
export { handleMcpHttpRequest } from './tools/mcp-http';
export { STUDIO_MCP_TOOLS } from './tools/studio-mcp-server';
export { estimateTokens } from './llm/language-model';

// Building blocks the benches, the retrieval evaluation and the crash tests assemble by hand.
export { openDatabase } from './store/database';
export { placeholders } from './store/sql';
export { HashingEmbedder } from './embedding/hashing-embedder';
export { SemanticEmbedder } from './embedding/semantic-embedder';
export { ChromaVectorIndex, collectionNameFor } from './files/storage/vector-index';
export { ChromaQueryClient } from './files/storage/chroma/chroma-query';
export { ExternalChroma, ManagedChroma } from './files/storage/chroma/chroma-server';
export { findFreePort } from './files/storage/chroma/free-port';
export { PostgresOriginalStore } from './files/storage/originals/postgres-original-store';
export { createKeywordIndex } from './files/search/create-keyword-index';
export { HybridSearch, type FusionWeights } from './files/search/search';
export { extractDocument } from './files/extraction/extract-document';
export { MemoryManager } from './memory/memory-manager';
export { Mem0MemoryStore } from './memory/mem0-memory-store';
export { normalizeText } from './text/normalize';
