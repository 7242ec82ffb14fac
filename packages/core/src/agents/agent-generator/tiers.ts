import type { AgentGeneratorConfig } from '@studio/shared';

/** Complexity tiers and the limits an agent of each tier runs under. */
export type ComplexityTier = 'simple' | 'moderate' | 'complex' | 'expert';

export interface AgentLimits {
  /** Model turns (each may call tools) before the agent must have answered. */
  maxSteps: number;
  /** Tokens the agent may generate over all its turns. */
  maxTokens: number;
  timeoutMs: number;
}

/** The settings the tiers scale from. */
export type AgentDefaults = Pick<
  AgentGeneratorConfig,
  'default_agent_max_steps' | 'default_agent_max_tokens' | 'agent_timeout_seconds'
>;

/**
 * Each tier's multiple of the configured defaults. At the shipped defaults (4 steps, 2000 tokens,
 * 120 s) they give simple 3/1000/60 s, moderate 5/2000/120 s, complex 8/4000/300 s, expert 12/6000/600 s.
 */
const TIER_SCALE: Record<ComplexityTier, { steps: number; tokens: number; time: number }> = {
  simple: { steps: 0.75, tokens: 0.5, time: 0.5 },
  moderate: { steps: 1.25, tokens: 1, time: 1 },
  complex: { steps: 2, tokens: 2, time: 2.5 },
  expert: { steps: 3, tokens: 3, time: 5 },
};

/** The limits of an agent of `tier`: the `agent_generator` defaults scaled by the tier, never below one. */
export function limitsFor(tier: ComplexityTier, defaults: AgentDefaults): AgentLimits {
  const scale = TIER_SCALE[tier];
  const scaled = (value: number, factor: number) => Math.max(1, Math.round(value * factor));
  return {
    maxSteps: scaled(defaults.default_agent_max_steps, scale.steps),
    maxTokens: scaled(defaults.default_agent_max_tokens, scale.tokens),
    timeoutMs: scaled(defaults.agent_timeout_seconds, scale.time) * 1000,
  };
}

/** Task complexity 1-3 is simple, 4-5 moderate, 6-7 complex, 8-10 expert. */
export function tierFor(complexity: number): ComplexityTier {
  if (complexity <= 3) return 'simple';
  if (complexity <= 5) return 'moderate';
  if (complexity <= 7) return 'complex';
  return 'expert';
}
