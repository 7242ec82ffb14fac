/** Complexity tiers and the limits an agent of each tier runs under. */
export type ComplexityTier = 'simple' | 'moderate' | 'complex' | 'expert';

export interface AgentLimits {
  /** Model turns (each may call tools) before the agent must have answered. */
  maxSteps: number;
  /** Tokens the agent may generate over all its turns. */
  maxTokens: number;
  timeoutMs: number;
}

export const TIER_LIMITS: Record<ComplexityTier, AgentLimits> = {
  simple: { maxSteps: 3, maxTokens: 1000, timeoutMs: 60_000 },
  moderate: { maxSteps: 5, maxTokens: 2000, timeoutMs: 120_000 },
  complex: { maxSteps: 8, maxTokens: 4000, timeoutMs: 300_000 },
  expert: { maxSteps: 12, maxTokens: 6000, timeoutMs: 600_000 },
};

/** Task complexity 1-3 is simple, 4-5 moderate, 6-7 complex, 8-10 expert. */
export function tierFor(complexity: number): ComplexityTier {
  if (complexity <= 3) return 'simple';
  if (complexity <= 5) return 'moderate';
  if (complexity <= 7) return 'complex';
  return 'expert';
}
