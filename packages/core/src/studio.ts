import { join, resolve } from 'node:path';
import { ConfigService } from './config/config-service';
import type { EventBus } from './events/event-bus';
import { InMemoryEventBus } from './events/in-memory-event-bus';
import { RedisEventBus } from './events/redis-event-bus';
import { LocalInstanceRegistry, RedisInstanceRegistry } from './cluster/instance-registry';
import { HealthService } from './health/health-service';
import { createConsoleLogger, type Logger } from './logger';
import { openDatabase } from './store/database';
import type { Sql } from './store/sql';
import { allMigrations } from './all-migrations';
import { STUDIO_VERSION } from './version';
import { WorkTracker } from './work-tracker';
import { HashingEmbedder } from './embedding/hashing-embedder';
import { OpenAIEmbedder } from './embedding/openai-embedder';
import { SemanticEmbedder } from './embedding/semantic-embedder';
import type { Embedder } from './ports/embedder';
import { ChatService } from './chat/chat-service';
import { Executions } from './executions/executions';
import type { LanguageModel } from './llm/language-model';
import { llmHealthProbe } from './llm/llm-health';
import { ConfiguredModel } from './llm/configured-model';
import type { RetryPolicy } from './llm/retry';
import type { Clock } from './clock';
import { createMemoryManager } from './memory/create-memory-manager';
import { ExternalChroma, ManagedChroma, type ChromaEndpoint } from './files/storage/chroma/chroma-server';
import type { MemoryManager } from './memory/memory-manager';
import { createFileService, type FileServiceLimits } from './files/create-file-service';
import type { FileService } from './files/file-service';
import { AgentService } from './agents/agent-service';
import { studioToolPorts } from './agents/studio-ports';
import { ToolRegistry } from './agents/tools/tool-registry';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpHub } from './tools/mcp-hub';
import { createStudioMcpServer } from './tools/studio-mcp-server';
import { ToolService } from './tools/tool-service';

export interface StudioOptions {
  /** Every file the studio keeps lives below this folder. */
  dataDir: string;
  logger?: Logger;
  bus?: EventBus;
  /** Debounce of the config file watcher; tests shorten it. */
  configDebounceMs?: number;
  watchConfig?: boolean;
  /** An OpenAI-compatible chat model; unset means offline mode. */
  llm?: {
    baseURL: string;
    apiKey?: string;
    model?: string;
    timeoutMs?: number;
    stallTimeoutMs?: number;
    retry?: Partial<RetryPolicy>;
  };
  /** An OpenAI-compatible embeddings endpoint; unset means the built-in offline embedder. */
  embeddings?: { baseURL: string; apiKey?: string; model?: string };
  /** An external Chroma server; unset means the studio starts its own. */
  chromaUrl?: string;
  /**
   * Redis (REDIS_URL) for several processes: the event bus on Redis streams, ingestion jobs on
   * BullMQ, and which processes are alive. Unset: all of it in this process.
   */
  redis?: { url: string; prefix?: string };
  /** PostgreSQL for state (DATABASE_URL); unset means SQLite under dataDir. */
  databaseUrl?: string;
  /** The PostgreSQL schema to use (tests isolate themselves with one). */
  databaseSchema?: string;
  /** Overrides the embedder built from `embeddings` (tests). */
  embedder?: Embedder;
  /**
   * The later semantic phase of ingestion. Unset: the offline semantic model (worker threads) when no
   * `embeddings` endpoint is set; `false`: none; an embedder: that one (tests).
   */
  semanticEmbedder?: Embedder | false;
  /** Also embed ~350-character windows of each chunk in the semantic phase (about 3.5× its work). */
  semanticWindows?: boolean;
  /** Time source for memory retention (tests move it instead of waiting). */
  clock?: Clock;
  /** Extraction time/memory limits and ingestion concurrency (tests shorten them). */
  files?: FileServiceLimits;
}

/** The built core graph: what the API layer receives as its context. */
export interface Studio {
  readonly dataDir: string;
  readonly logger: Logger;
  /** Relational state: SQLite under DATA_DIR, or PostgreSQL when DATABASE_URL is set. */
  readonly db: Sql;
  readonly bus: EventBus;
  readonly config: ConfigService;
  readonly health: HealthService;
  readonly work: WorkTracker;
  readonly embedder: Embedder;
  /** The chat model in force now (the `llm` section over the environment); undefined means offline mode. */
  readonly llm: LanguageModel | undefined;
  /** The chat model's settings: what is in force, and "Test connection". */
  readonly models: ConfiguredModel;
  readonly chat: ChatService;
  /** Long-term memory (profile, facts, conversations) on Mem0. */
  readonly memory: MemoryManager;
  /** The user's files: upload, ingestion into Chroma + FTS5, hybrid search with citations. */
  readonly files: FileService;
  /** Plans, agents and their executions (the chat orchestrator's plan runner). */
  readonly agents: AgentService;
  /** Every execution by id: plan runs with their graphs, direct answers with their status. */
  readonly executions: Executions;
  /** Built-in and MCP tools (`tools.list`, `tools.call`) and the MCP servers' connections. */
  readonly tools: ToolService;
  /** A fresh MCP server over this studio's files, memory and chat (one per HTTP request or stdio session). */
  createMcpServer(): McpServer;
  /** Registers a domain's own shutdown step; they run in reverse order after work has drained. */
  onClose(step: () => Promise<void> | void): void;
  /** Lets work in flight finish (up to `graceMs`), records the rest as interrupted, closes stores. */
  close(graceMs?: number): Promise<{ interrupted: string[] }>;
}

/** Builds the studio's services over one data directory. */
export async function createStudio(options: StudioOptions): Promise<Studio> {
  const dataDir = resolve(options.dataDir);
  const logger = options.logger ?? createConsoleLogger();
  const db = await openDatabase(
    { file: join(dataDir, 'studio.db'), databaseUrl: options.databaseUrl, schema: options.databaseSchema },
    allMigrations,
  );
  const redisBus =
    !options.bus && options.redis ? await RedisEventBus.connect({ ...options.redis, logger }) : undefined;
  const bus = options.bus ?? redisBus ?? new InMemoryEventBus();
  const config = new ConfigService({
    dir: join(dataDir, 'config'),
    db,
    bus,
    logger,
    debounceMs: options.configDebounceMs,
    watch: options.watchConfig,
  });
  await config.start();

  const health = new HealthService(STUDIO_VERSION);
  health.register('store', async () => {
    await db.get('SELECT 1');
    return { status: 'ok', detail: db.dialect === 'postgres' ? 'postgresql' : 'sqlite' };
  });

  health.register('eventBus', async () => {
    if (!redisBus) return { status: 'ok', detail: 'in-process' };
    return (await redisBus.ping())
      ? { status: 'ok', detail: 'redis streams' }
      : { status: 'down', detail: 'redis is not answering' };
  });

  const embedder =
    options.embedder ?? (options.embeddings ? await OpenAIEmbedder.create(options.embeddings) : new HashingEmbedder());
  health.register('embedder', () => ({ status: 'ok', detail: `${embedder.name} (${embedder.dimension} dimensions)` }));

  const work = new WorkTracker();
  // One Chroma for file chunks and Mem0's memory vectors: CHROMA_URL, or the studio's own.
  const chroma: ChromaEndpoint = options.chromaUrl
    ? new ExternalChroma(options.chromaUrl)
    : new ManagedChroma(join(dataDir, 'chroma'), logger);
  const memory = await createMemoryManager({
    dataDir,
    db,
    config,
    embedder,
    logger,
    work,
    chroma,
    redis: options.redis,
    llm: options.llm,
    clock: options.clock,
  }).catch(async (error: unknown) => {
    await chroma.stop();
    throw error;
  });
  memory.start();
  health.register('memory', () => memory.health());
  const models = new ConfiguredModel(config, options.llm, logger);
  health.register(
    'llm',
    llmHealthProbe(() => models.current()),
  );
  const closeSteps: (() => Promise<void> | void)[] = [];
  const onClose = (step: () => Promise<void> | void) => {
    closeSteps.push(step);
  };
  onClose(() => memory.close());
  const semanticEmbedder = options.semanticEmbedder ?? (options.embeddings ? undefined : new SemanticEmbedder());
  if (semanticEmbedder instanceof SemanticEmbedder) onClose(() => semanticEmbedder.close());
  const context = await createFileService({
    dataDir,
    db,
    bus,
    config,
    embedder,
    semantic: semanticEmbedder ? { embedder: semanticEmbedder, windows: options.semanticWindows } : undefined,
    work,
    logger,
    health,
    chromaUrl: options.chromaUrl,
    chroma,
    limits: options.files,
    redis: options.redis,
  });
  onClose(() => context.close());
  // This process owns the executions it starts; recovery at startup interrupts only dead owners'.
  const instances = options.redis
    ? await RedisInstanceRegistry.connect(options.redis.url, options.redis.prefix)
    : new LocalInstanceRegistry();
  const { instanceId } = instances;
  const isOwnerAlive = (owner: string) => instances.isAlive(owner);
  const hub = new McpHub({ config, bus, logger });
  hub.start();
  health.register('tools', () => hub.health());
  onClose(() => hub.close());
  const ports = { ...studioToolPorts({ files: context.files, memory }), external: hub };
  const tools = new ToolService(new ToolRegistry(ports).builtin(), hub);
  const executions = new Executions({ db, bus, logger, instanceId, clock: options.clock });
  const agents = new AgentService({
    db,
    bus,
    config,
    logger,
    executions,
    ports,
    isClosing: () => work.isClosing,
  });
  const chat = new ChatService({
    db,
    bus,
    config,
    work,
    logger,
    executions,
    models,
    memory,
    retriever: context.files,
    planRunner: agents,
  });
  // Once for every kind of execution: a dead process's answers and plans are recorded as interrupted.
  await executions.start({ isOwnerAlive });
  await chat.start();
  // Runs first on shutdown: answers still open after the work drain are recorded as interrupted.
  onClose(() => executions.interruptRunning());
  let closed: Promise<{ interrupted: string[] }> | undefined;
  const close = (graceMs = 3000) => {
    closed ??= (async () => {
      await config.stop();
      const interrupted = await work.drain(graceMs);
      for (const step of [...closeSteps].reverse()) {
        try {
          await step();
        } catch (error) {
          logger.error('a shutdown step failed', { error: String(error) });
        }
      }
      await bus.close();
      await instances.close();
      await db.close();
      return { interrupted };
    })();
    return closed;
  };

  return {
    dataDir,
    logger,
    db,
    bus,
    config,
    health,
    work,
    embedder,
    get llm() {
      return models.current();
    },
    models,
    chat,
    memory,
    files: context.files,
    agents,
    executions,
    tools,
    createMcpServer: () =>
      createStudioMcpServer({
        files: context.files,
        chunks: ports.chunks,
        fileList: ports.fileList,
        memory,
        memoryWriter: ports.memoryWriter,
        chat,
      }),
    onClose,
    close,
  };
}
