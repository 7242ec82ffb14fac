import type { MemoryHit } from '@studio/shared';

/** One finished chat turn, handed to memory capture in the background. */
export interface ChatTurn {
  userId: string;
  sessionId: string;
  userMessage: string;
  assistantReply: string;
}

/** What the orchestrator needs from the Memory Manager. */
export interface MemoryRecall {
  /**
   * The user's profile and the memories most relevant to `query` (config.memory bounds both);
   * `matchWords` also admits memories below the similarity threshold that share a word with it.
   */
  recall(
    input: { userId: string; query: string; matchWords?: boolean },
    signal?: AbortSignal,
  ): Promise<{ profile: MemoryHit[]; relevant: MemoryHit[] }>;
  /** Extracts memories from a turn without delaying the reply; never throws. */
  captureTurn(turn: ChatTurn): void;
}
