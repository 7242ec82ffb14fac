const RETRY_BASE_MS = 2_000;
const RETRY_MAX_MS = 60_000;

/** The wait before retry `attempt` (1-based) after an outage: 2 s, 4 s, … at most a minute apart. */
export function retryDelayMs(attempt: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1), RETRY_MAX_MS);
}
