import { MAX_MEMORY_CHARS } from '@studio/shared';
import type { Logger } from '../logger';
import type { ChatTurn } from '../ports/memory-recall';
import { classifyMemory, extractCandidates, worthKeeping, type MemoryCandidate } from './capture-rules';
import type { MemoryRecords } from './memory-records';
import { extendSummary, renderSummary, summaryFromMetadata } from './session-summary';

/** What one capture did, for logs and tests. */
export interface CaptureOutcome {
  added: string[];
  merged: string[];
  skipped: number;
  mode: 'inferred' | 'rules';
}

/**
 * Turns one chat turn into memories: through Mem0's inference when a model is configured (each
 * extracted memory then typed by `classifyMemory`), otherwise through explicit-statement rules;
 * either way the session's conversation summary is brought up to date. Near-duplicates are
 * skipped and slotted facts ("name", "location") replace their older value.
 */
export class MemoryCapture {
  constructor(
    private readonly records: MemoryRecords,
    private readonly logger: Logger,
  ) {}

  async capture(turn: ChatTurn, signal?: AbortSignal): Promise<CaptureOutcome> {
    const outcome: CaptureOutcome = { added: [], merged: [], skipped: 0, mode: 'rules' };
    let inferred = false;
    if (this.records.store.canInfer) {
      try {
        await this.captureInferred(turn, outcome, signal);
        inferred = true;
        outcome.mode = 'inferred';
      } catch (error) {
        this.logger.warn('memory inference failed; capturing by rules instead', { error: String(error) });
      }
    }
    if (!inferred) {
      for (const candidate of extractCandidates(turn.userMessage)) {
        signal?.throwIfAborted();
        await this.keep(turn, candidate, outcome);
      }
    }
    signal?.throwIfAborted();
    await this.summarise(turn, outcome);
    return outcome;
  }

  private async captureInferred(turn: ChatTurn, outcome: CaptureOutcome, signal?: AbortSignal): Promise<void> {
    const { store } = this.records;
    const stored = await store.addInferred({
      userId: turn.userId,
      messages: [
        { role: 'user', content: turn.userMessage },
        { role: 'assistant', content: turn.assistantReply },
      ],
      metadata: { type: 'fact', source: 'inferred', sessionId: turn.sessionId },
    });
    for (const item of stored) {
      signal?.throwIfAborted();
      if (!worthKeeping(item.content)) {
        // Mem0 often notes what was asked; that belongs in the session summary, not among the facts.
        await store.delete(item.id);
        outcome.skipped += 1;
        continue;
      }
      const { type, slot } = classifyMemory(item.content);
      const duplicate = await this.records.findNearDuplicate(turn.userId, type, item.content, item.id);
      const slotted = slot ? await this.records.index.bySlot(turn.userId, slot) : undefined;
      if (duplicate || slotted) {
        // Mem0 only ever adds; merging is ours: the older memory stays (updated if its slot changed).
        await store.delete(item.id);
        if (slotted && slotted.id !== duplicate?.id) {
          await this.records.revise(slotted.id, { content: item.content });
          outcome.merged.push(slotted.id);
        } else {
          if (duplicate) await this.records.touch([duplicate.id]);
          outcome.skipped += 1;
        }
        continue;
      }
      if (type !== 'fact') await store.update(item.id, { metadata: { type } });
      await this.records.adopt(item.id, { userId: turn.userId, type, slot });
      outcome.added.push(item.id);
    }
  }

  private async keep(turn: ChatTurn, candidate: MemoryCandidate, outcome: CaptureOutcome): Promise<void> {
    const existing = candidate.slot ? await this.records.index.bySlot(turn.userId, candidate.slot) : undefined;
    if (existing) {
      const [current] = await this.records.entries([existing]);
      if (current?.content === candidate.content) {
        await this.records.touch([existing.id]);
        outcome.skipped += 1;
      } else {
        await this.records.revise(existing.id, { content: candidate.content });
        outcome.merged.push(existing.id);
      }
      return;
    }
    const duplicate = await this.records.findNearDuplicate(turn.userId, candidate.type, candidate.content);
    if (duplicate) {
      await this.records.touch([duplicate.id]);
      outcome.skipped += 1;
      return;
    }
    const row = await this.records.create({
      userId: turn.userId,
      type: candidate.type,
      content: candidate.content,
      metadata: { source: 'capture', sessionId: turn.sessionId },
      slot: candidate.slot,
    });
    outcome.added.push(row.id);
  }

  private async summarise(turn: ChatTurn, outcome: CaptureOutcome): Promise<void> {
    const slot = `session:${turn.sessionId}`;
    const existing = await this.records.index.bySlot(turn.userId, slot);
    const [current] = existing ? await this.records.entries([existing]) : [];
    const summary = extendSummary(current ? summaryFromMetadata(current.metadata) : undefined, turn.userMessage);
    const content = renderSummary(summary).slice(0, MAX_MEMORY_CHARS);
    const metadata = { turns: summary.turns, topics: summary.topics };
    if (existing && current) {
      await this.records.revise(existing.id, { content, metadata });
      outcome.merged.push(existing.id);
      return;
    }
    const row = await this.records.create({
      userId: turn.userId,
      type: 'conversation',
      content,
      metadata: { ...metadata, source: 'capture', sessionId: turn.sessionId },
      slot,
    });
    outcome.added.push(row.id);
  }
}
