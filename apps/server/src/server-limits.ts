import { MAX_BATCH_CALLS } from '@studio/shared';

/**
 * What one client may take from the server. Defaults suit a person's studio; tests inject small
 * values so they need not wait ten seconds or send megabytes.
 */
export interface ServerLimits {
  /** A WebSocket that has not authenticated by then is closed (no token yet, or a wrong one). */
  authTimeoutMs: number;
  /** Bytes queued for a WebSocket client that stopped reading before its socket is closed. */
  maxBufferedBytes: number;
  /** Live subscriptions one WebSocket connection may hold. */
  maxSubscriptions: number;
  /** Calls in one tRPC HTTP batch; more is refused at once with 400. */
  maxBatchCalls: number;
  /** Bytes of one tRPC HTTP answer (queries and mutations; event streams are not capped). */
  maxResponseBytes: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  authTimeoutMs: 10_000,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxSubscriptions: 100,
  maxBatchCalls: MAX_BATCH_CALLS,
  maxResponseBytes: 32 * 1024 * 1024,
};
