import type { AgentEvent, MonitoringEvent, PlanGraphEvent, SearchHit } from '@studio/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlanContext, PlanRequest } from '../../chat/plan-runner';
import { ConfigService } from '../../config/config-service';
import { InMemoryEventBus } from '../../events/in-memory-event-bus';
import type { LanguageModel } from '../../llm/language-model';
import { createConsoleLogger } from '../../logger';
import type { FileRetriever } from '../../ports/file-retriever';
import { openDatabase } from '../../store/database';
import type { Sql } from '../../store/sql';
import { allMigrations } from '../../all-migrations';
import { AgentService } from '../agent-service';
import type { AgentToolPorts } from '../tools/tool-ports';

/** A retriever over fixed passages: ranks by shared words, honours `fileIds`, records each query. */
export class FakeFileRetriever implements FileRetriever {
  readonly queries: { query: string; fileIds?: string[] }[] = [];
  constructor(private readonly passages: SearchHit[]) {}

  async search(input: { query: string; fileIds?: string[]; k?: number }): Promise<SearchHit[]> {
    this.queries.push({ query: input.query, ...(input.fileIds ? { fileIds: input.fileIds } : {}) });
    const words = new Set(input.query.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []);
    return this.passages
      .filter((passage) => !input.fileIds || input.fileIds.includes(passage.fileId))
      .map((passage) => ({
        ...passage,
        score: (passage.text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []).filter((word) => words.has(word)).length / 10,
      }))
      .filter((passage) => passage.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, input.k ?? 5);
  }
}

/** Two small files about different things, so a right answer must cite both. */
export const TWO_FILES: SearchHit[] = [
  {
    chunkId: 'alpha:0',
    fileId: 'alpha',
    fileName: 'alpha.txt',
    text: 'Project Alpha launches in May 2027. The launch date was agreed by the board.',
    score: 0,
    page: 1,
  },
  {
    chunkId: 'beta:0',
    fileId: 'beta',
    fileName: 'beta.txt',
    text: 'The budget of Project Beta is 40,000 euros. The budget covers hardware only.',
    score: 0,
  },
];

/** The real agent service over a temp SQLite file, a real config and bus, recording every event. */
export class AgentHarness {
  readonly service: AgentService;
  readonly plans: PlanGraphEvent[] = [];
  readonly steps: AgentEvent[] = [];
  readonly samples: MonitoringEvent[] = [];
  /** Every event in publication order, tagged by topic. */
  readonly timeline: (
    | { topic: 'plan-update'; data: PlanGraphEvent }
    | { topic: 'agent-step'; data: AgentEvent }
    | { topic: 'monitor-sample'; data: MonitoringEvent }
  )[] = [];

  private constructor(
    readonly dir: string,
    readonly db: Sql,
    readonly bus: InMemoryEventBus,
    readonly config: ConfigService,
    ports: AgentToolPorts,
  ) {
    const logger = createConsoleLogger('silent');
    this.bus.subscribe(
      'plan-update',
      (event) => (this.plans.push(event.data), this.timeline.push({ topic: 'plan-update', data: event.data })),
    );
    this.bus.subscribe(
      'agent-step',
      (event) => (this.steps.push(event.data), this.timeline.push({ topic: 'agent-step', data: event.data })),
    );
    this.bus.subscribe(
      'monitor-sample',
      (event) => (this.samples.push(event.data), this.timeline.push({ topic: 'monitor-sample', data: event.data })),
    );
    this.service = new AgentService({ db, bus: this.bus, config, logger, ports, monitorIntervalMs: 100 });
  }

  /** Opens the database and config under a fresh temp folder and builds the service on them. */
  static async create(ports: AgentToolPorts): Promise<AgentHarness> {
    const dir = mkdtempSync(join(tmpdir(), 'studio-agents-'));
    const db = await openDatabase({ file: join(dir, 'studio.db') }, allMigrations);
    const bus = new InMemoryEventBus();
    const config = new ConfigService({
      dir: join(dir, 'config'),
      db,
      bus,
      logger: createConsoleLogger('silent'),
      watch: false,
    });
    await config.start();
    return new AgentHarness(dir, db, bus, config, ports);
  }

  /** Runs a request the way the orchestrator does; resolves with the streamed text and citations. */
  async run(
    message: string,
    options: {
      model?: LanguageModel;
      fileIds?: string[];
      signal?: AbortSignal;
      executionId?: string;
      /** Told each piece of answer text as it is streamed. */
      onToken?: (text: string) => void;
    } = {},
  ): Promise<{
    reply: string;
    citations: Awaited<ReturnType<AgentService['run']>>['citations'];
    executionId: string;
    tokens: number;
  }> {
    const executionId = options.executionId ?? `exec-${Math.random().toString(36).slice(2)}`;
    const request: PlanRequest = {
      executionId,
      sessionId: 'session-1',
      userId: 'default',
      message,
      ...(options.fileIds ? { fileIds: options.fileIds } : {}),
    };
    let reply = '';
    let tokens = 0;
    const context: PlanContext = {
      signal: options.signal ?? new AbortController().signal,
      limits: this.config.section('orchestrator'),
      model: options.model,
      emitToken: (text) => {
        reply += text;
        options.onToken?.(text);
      },
      recordUsage: (used) => {
        tokens += used;
      },
    };
    const { citations } = await this.service.run(request, context);
    return { reply, citations, executionId, tokens };
  }

  async close(): Promise<void> {
    await this.config.stop();
    await this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
