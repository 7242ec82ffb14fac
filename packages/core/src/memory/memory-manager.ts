import type {
  ComponentHealth,
  MemoryAddInput,
  MemoryChange,
  MemoryClearInput,
  MemoryConfig,
  MemoryEntry,
  MemoryHit,
  MemoryListInput,
  MemorySearchInput,
  MemoryType,
  MemoryUpdateInput,
} from '@studio/shared';
import { DEFAULT_USER_ID } from '@studio/shared';
import { systemClock, type Clock } from '../clock';
import { CancelledError } from '../errors/cancelled-error';
import { InvalidInputError } from '../errors/invalid-input-error';
import { NotFoundError } from '../errors/not-found-error';
import type { Logger } from '../logger';
import type { ChatTurn, MemoryRecall } from '../ports/memory-recall';
import type { Sql } from '../store/sql';
import { contentTerms, overlap } from '../text/terms';
import { WorkTracker } from '../work-tracker';
import { KeyedQueue, type KeyedLock } from './keyed-queue';
import { MemoryCapture, type CaptureOutcome } from './memory-capture';
import { decodeCursor, encodeCursor } from './memory-cursor';
import { MemoryIndex, type IndexRow, type IndexScope } from './memory-index';
import { MemoryRecords, toEntry } from './memory-records';
import type { MemoryStore, StoredHit } from './memory-store';
import { guarded, userMetadata, validContent, validType } from './memory-validation';
import { planClear, planRetention } from './retention';
import { RetentionScheduler, type Timer } from './retention-scheduler';

const DEFAULT_PAGE_SIZE = 50;
/** Profile memories handed to every recall; a profile is short, this only bounds a runaway one. */
const MAX_PROFILE_MEMORIES = 25;
/** Extra search results so profile entries get their scores without crowding out the rest. */
const RECALL_HEADROOM = 20;

/** The Memory Manager's collaborators; tests pass a hand-moved clock and timer. */
export interface MemoryManagerOptions {
  store: MemoryStore;
  /** The studio's database, where the index beside Mem0 lives. */
  db: Sql;
  /** The live `memory` config section, read at each use. */
  config: () => MemoryConfig;
  logger: Logger;
  clock?: Clock;
  /** Background captures run under it, so shutdown waits for them. */
  work?: WorkTracker;
  timer?: Timer;
  /** Serialises captures per user; unset: within this process only (a Redis lock spans processes). */
  lock?: KeyedLock;
}

/**
 * Long-term memory of profile, facts and conversations on Mem0: CRUD, search, recall for chat,
 * capture after each chat turn, and retention by TTL and count.
 */
export class MemoryManager implements MemoryRecall {
  private readonly index: MemoryIndex;
  private readonly records: MemoryRecords;
  private readonly capturer: MemoryCapture;
  private readonly lock: KeyedLock;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly clock: Clock;
  private readonly work: WorkTracker;
  private readonly scheduler: RetentionScheduler;
  private closed = false;

  constructor(private readonly options: MemoryManagerOptions) {
    this.clock = options.clock ?? systemClock;
    this.work = options.work ?? new WorkTracker();
    this.lock = options.lock ?? new KeyedQueue();
    this.index = new MemoryIndex(options.db);
    this.records = new MemoryRecords(options.store, this.index, this.clock, options.logger);
    this.capturer = new MemoryCapture(this.records, options.logger);
    this.scheduler = new RetentionScheduler(
      () => this.runScheduledRetention(),
      () => options.config().retention_interval_minutes * 60_000,
      options.timer,
    );
  }

  /** Starts the retention schedule. */
  start(): void {
    this.scheduler.start();
  }

  /**
   * Stops the schedule, gives captures in flight up to `graceMs` (a model call may hang; shutdown
   * must not), and releases Mem0's files.
   */
  async close(graceMs = 2000): Promise<void> {
    this.closed = true;
    this.scheduler.stop();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    await this.lock.close();
    await this.options.store.close();
  }

  /** True when a language model extracts memories (otherwise rules do). */
  get inference(): boolean {
    return this.options.store.canInfer;
  }

  /** Newest first, with the total in scope; an omitted `userId` or `type` means all of them. */
  async list(input: MemoryListInput = {}): Promise<{ items: MemoryEntry[]; total: number; nextCursor: string | null }> {
    const scope: IndexScope = { userId: input.userId, type: input.type };
    const limit = input.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.index.page(scope, limit + 1, input.cursor ? decodeCursor(input.cursor) : undefined);
    const pageRows = rows.slice(0, limit);
    const last = pageRows[pageRows.length - 1];
    const items = await this.records.entries(pageRows);
    return {
      items,
      total: await this.index.count(scope),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }

  async get(id: string): Promise<MemoryEntry> {
    const entry = await this.read(id);
    await this.records.touch([id]);
    return entry;
  }

  async add(input: MemoryAddInput): Promise<MemoryEntry> {
    const type = validType(input.type);
    const content = validContent(input.content);
    const row = await this.records.create({
      userId: input.userId ?? DEFAULT_USER_ID,
      type,
      content,
      metadata: { source: 'manual', ...userMetadata(input.metadata) },
    });
    return this.read(row.id);
  }

  /** Changes content (re-embedded by Mem0) and/or merges metadata; Mem0 records the change. */
  async update(input: MemoryUpdateInput): Promise<MemoryEntry> {
    if (input.content === undefined && input.metadata === undefined) {
      throw new InvalidInputError('MEMORY_NOTHING_TO_UPDATE', 'give content or metadata to update');
    }
    const content = input.content === undefined ? undefined : validContent(input.content);
    await this.read(input.id);
    await this.records.revise(input.id, {
      content,
      metadata: input.metadata === undefined ? undefined : userMetadata(input.metadata),
    });
    return this.read(input.id);
  }

  async delete(id: string): Promise<{ id: string; deleted: true }> {
    if (!(await this.index.get(id))) throw new NotFoundError('memory', id);
    await this.records.remove(id);
    return { id, deleted: true };
  }

  /** Every recorded change of a memory, oldest first; kept after the memory is deleted. */
  async history(id: string): Promise<MemoryChange[]> {
    const changes = await guarded('read memory history', () => this.options.store.history(id));
    if (changes.length === 0 && !(await this.index.get(id))) throw new NotFoundError('memory', id);
    return changes;
  }

  /**
   * Deletes exactly what the filters name (type and user scope; `olderThanDays` by creation;
   * `keepLatest` spares the newest N), plus, with `applyRetention`, what the retention policy
   * removes in that scope. `dryRun` only reports the ids.
   */
  async clear(input: MemoryClearInput = {}): Promise<{ deleted: number; ids?: string[] }> {
    const scope: IndexScope = { userId: input.userId, type: input.type };
    const rows = await this.index.all(scope);
    const now = this.clock.now();
    const doomed = input.applyRetention ? planRetention(rows, this.options.config(), now) : new Set<string>();
    const explicit = input.olderThanDays !== undefined || input.keepLatest !== undefined || !input.applyRetention;
    if (explicit) for (const id of planClear(rows, input, now)) doomed.add(id);
    const ids = rows.filter((row) => doomed.has(row.id)).map((row) => row.id);
    if (input.dryRun) return { deleted: ids.length, ids };
    for (const id of ids) await this.records.remove(id);
    return { deleted: ids.length };
  }

  /** Applies the retention policy to every memory; returns how many went. */
  async applyRetention(): Promise<number> {
    return (await this.clear({ applyRetention: true })).deleted;
  }

  async search(input: MemorySearchInput): Promise<{ hits: MemoryHit[] }> {
    const hits = await guarded('search memories', () =>
      this.options.store.search({
        query: input.query,
        userId: input.userId,
        type: input.type,
        topK: input.k ?? 10,
        threshold: 0,
      }),
    );
    const rows = await this.index.getMany(hits.map((hit) => hit.id));
    const result: MemoryHit[] = [];
    for (const hit of hits) {
      const row = rows.get(hit.id);
      if (row) result.push(toHit(row, hit));
    }
    await this.records.touch(result.map((hit) => hit.id));
    return { hits: result };
  }

  /**
   * The user's profile (most relevant to `query` first, then most recently updated) plus the
   * other memories most relevant to it: at most `max_relevant_memories`, each at least
   * `similarity_threshold` similar (then, with `matchWords`, those sharing a word with the query).
   * One Mem0 search scores both.
   */
  async recall(
    input: { userId: string; query: string; matchWords?: boolean },
    signal?: AbortSignal,
  ): Promise<{ profile: MemoryHit[]; relevant: MemoryHit[] }> {
    const config = this.options.config();
    const profileRows = await this.index.latest(input.userId, 'profile', MAX_PROFILE_MEMORIES);
    const [profileEntries, hits] = await Promise.all([
      this.records.entries(profileRows),
      input.query.trim()
        ? guarded('search memories', () =>
            this.options.store.search({
              query: input.query,
              userId: input.userId,
              topK: config.max_relevant_memories + profileRows.length + RECALL_HEADROOM,
              threshold: 0,
            }),
          )
        : Promise.resolve([]),
    ]);
    if (signal?.aborted) throw new CancelledError('memory recall was cancelled');
    const scores = new Map(hits.map((hit) => [hit.id, hit.score]));
    const profile = profileEntries
      .map((entry, recency) => ({ hit: { ...entry, score: scores.get(entry.id) ?? 0 }, recency }))
      .sort((a, b) => b.hit.score - a.hit.score || a.recency - b.recency)
      .map(({ hit }) => hit);
    // With `matchWords`, a memory sharing a word of the query counts too: a hashing or small embedder
    // scores "when does the backup run?" low against "The backup runs at 02:00.", which answers it.
    const terms = input.matchWords ? contentTerms(input.query) : new Set<string>();
    const similar = [
      ...hits.filter((hit) => hit.similarity >= config.similarity_threshold),
      ...hits.filter((hit) => hit.similarity < config.similarity_threshold && overlap(hit.content, terms) > 0),
    ];
    const rows = await this.index.getMany(similar.map((hit) => hit.id));
    const relevant: MemoryHit[] = [];
    for (const hit of similar) {
      if (relevant.length >= config.max_relevant_memories) break;
      const row = rows.get(hit.id);
      if (!row || row.type === 'profile') continue;
      relevant.push(toHit(row, hit));
    }
    await this.records.touch([...profile, ...relevant].map((hit) => hit.id));
    return { profile, relevant };
  }

  /** Queues capture of a finished turn; returns at once and never throws. */
  captureTurn(turn: ChatTurn): void {
    if (this.closed) {
      this.options.logger.warn('memory is closed; a chat turn was not captured', { sessionId: turn.sessionId });
      return;
    }
    void this.capture(turn).catch((error: unknown) => {
      this.options.logger.warn('memory capture failed', { sessionId: turn.sessionId, error: String(error) });
    });
  }

  /** Captures a turn now (serialised with the user's other captures); what `captureTurn` runs. */
  capture(turn: ChatTurn): Promise<CaptureOutcome> {
    const task = this.work.run('memory-capture', (signal) =>
      this.lock.run(turn.userId, () => this.capturer.capture(turn, signal), signal),
    );
    this.pending.add(task);
    void task.then(
      () => this.pending.delete(task),
      () => this.pending.delete(task),
    );
    return task;
  }

  /** Resolves when every capture queued so far has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** The 'memory' health probe: Mem0 answers a read, with counts and the capture mode. */
  async health(): Promise<ComponentHealth> {
    try {
      await this.options.store.get('health-probe');
    } catch (error) {
      return { status: 'down', detail: `mem0 store unreadable: ${String(error).slice(0, 200)}` };
    }
    const counts = await this.counts();
    const total = counts.profile + counts.fact + counts.conversation;
    return {
      status: 'ok',
      detail: `mem0, ${total} memories, capture by ${this.inference ? 'llm inference' : 'rules'}`,
    };
  }

  /** Counts per type (for health and the UI). */
  counts(userId?: string): Promise<Record<MemoryType, number>> {
    return this.index.countByType(userId);
  }

  private async read(id: string): Promise<MemoryEntry> {
    const row = await this.index.get(id);
    const [entry] = row ? await this.records.entries([row]) : [];
    if (!entry) throw new NotFoundError('memory', id);
    return entry;
  }

  private async runScheduledRetention(): Promise<void> {
    try {
      const deleted = await this.work.run('memory-retention', () => this.applyRetention());
      if (deleted > 0) this.options.logger.info('memory retention removed memories', { deleted });
    } catch (error) {
      this.options.logger.warn('memory retention failed', { error: String(error) });
    }
  }
}

function toHit(row: IndexRow, hit: StoredHit): MemoryHit {
  return { ...toEntry(row, hit), score: hit.score };
}
