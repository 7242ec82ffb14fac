/**
 * The seams of core, in one place: each domain receives its collaborators typed by these small
 * interfaces, so a test can hand it a fake and the composition root can swap an implementation.
 * Those defined here are shared by several domains; the others live next to their main
 * implementation and are re-exported so that this file is the list.
 */

// Defined here: implemented by one domain, used by several.
export type { Embedder } from './embedder';
export type { FileRetriever } from './file-retriever';
export type { ChatTurn, MemoryRecall } from './memory-recall';

// Infrastructure: relational state, events, time, logging, the language model.
export type { Sql, SqlValue } from '../store/sql';
export type { BusEvent, EventBus, Listener } from '../events/event-bus';
export type { Clock, GenerateId } from '../clock';
export type { Logger } from '../logger';
export type { LanguageModel, LlmMessage, LlmRequest, LlmResult, LlmStreamPart, LlmTool } from '../llm/language-model';

// Files: where chunks and vectors are stored and how documents are read.
export type { VectorIndex, VectorMatch, VectorRecord } from '../files/storage/vector-index';
export type { KeywordIndex, KeywordMatch, StoredChunk } from '../files/search/keyword-index';
export type { Extractor } from '../files/extraction/extraction-pool';

// Memory: the long-term store behind the Memory Manager (Mem0).
export type { MemoryStore, StoredHit, StoredMemory } from '../memory/memory-store';

// Chat → agents: how a planned request is run.
export type { PlanAssessment, PlanContext, PlanQuery, PlanRequest, PlanRunner } from '../chat/plan-runner';
export type { AgentRunner } from '../agents/runtime/agent-runner';

// Agent tools: the narrow ports tools reach the other domains through.
export type { ChunkReader, ChunkText } from './chunk-reader';
export type { AgentToolPorts, ExternalToolSource, FileLister, MemoryWriter } from '../agents/tools/tool-ports';
