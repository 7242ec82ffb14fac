import type { ChatMessageStatus, Citation } from '@studio/shared';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { ChatStore } from './chat-store';
import type { LiveExecution } from '../executions/live-execution';

/**
 * How long streamed text may wait before it is saved. A crash loses at most this much of an answer;
 * an answer that finishes sooner is written once, so fast answers cost no extra writes.
 */
export const PARTIAL_SAVE_INTERVAL_MS = 250;

/**
 * Keeps an answer in the session's history while it streams (status 'streaming'), in batches,
 * and writes its final form once: whole, or partial with how it stopped.
 */
export class PartialAnswer {
  private timer?: NodeJS.Timeout;
  private saving: Promise<void> = Promise.resolve();
  private saved = '';
  private closed = false;

  constructor(
    private readonly store: ChatStore,
    private readonly execution: LiveExecution,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    execution.onText = () => this.schedule();
  }

  /** The final form: `status` unset for a whole answer. Waits for a partial save still running. */
  async finish(
    content: string,
    citations: Citation[],
    status?: Exclude<ChatMessageStatus, 'streaming'>,
  ): Promise<void> {
    this.close();
    await this.saving;
    // A question that got no answer at all (cancelled before the first word) keeps no empty answer.
    if (status === 'cancelled' && content === '' && this.saved === '') return;
    await this.write(content, citations, status);
  }

  /** Stops saving partial text (the caller records the outcome some other way). */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.execution.onText = undefined;
  }

  private schedule(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const text = this.execution.text;
      if (this.closed || text === this.saved) return;
      this.saving = this.saving
        .then(() => (this.closed ? undefined : this.write(text, [], 'streaming')))
        .catch((error: unknown) =>
          // A missed partial save only widens what a crash could lose; the answer goes on.
          this.logger.warn('could not save a partial answer', { executionId: this.execution.id, error: String(error) }),
        );
    }, PARTIAL_SAVE_INTERVAL_MS);
    this.timer.unref();
  }

  private async write(content: string, citations: Citation[], status: ChatMessageStatus | undefined): Promise<void> {
    await this.store.saveAnswer({
      id: this.execution.messageId,
      sessionId: this.execution.sessionId,
      content,
      citations,
      executionId: this.execution.id,
      status,
      at: this.clock.now().toISOString(),
    });
    this.saved = content;
  }
}
