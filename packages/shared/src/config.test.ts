import { describe, expect, it } from 'vitest';
import { ConfigSectionSchemas, ConfigUpdateInputSchema, defaultConfig } from './config';

describe('configuration schemas', () => {
  it('fill every section with the documented defaults', () => {
    const config = defaultConfig();
    expect(config.orchestrator).toEqual({
      max_iterations: 6,
      token_budget: 50_000,
      workflow_confidence_threshold: 0.7,
      timeout_seconds: 300,
      fallback_behavior: 'direct_response',
    });
    expect(config.planner).toMatchObject({ max_tasks_per_request: 10, min_task_complexity: 1, max_task_complexity: 5 });
    expect(config.agent_generator).toMatchObject({
      max_concurrent_agents: 5,
      default_agent_max_steps: 4,
      agent_timeout_seconds: 120,
    });
    expect(config.memory).toMatchObject({
      profile_ttl_days: 365,
      facts_ttl_days: 180,
      conversation_ttl_days: 30,
      retention_policy: 'lru',
    });
  });

  it('apply cross-field rules to whole sections', () => {
    expect(ConfigSectionSchemas.context.safeParse({ chunk_size: 500, chunk_overlap: 500 }).success).toBe(false);
    expect(ConfigSectionSchemas.planner.safeParse({ min_task_complexity: 5, max_task_complexity: 3 }).success).toBe(
      false,
    );
  });

  it('refuse unknown keys and sections in updates', () => {
    expect(ConfigUpdateInputSchema.safeParse({ section: 'context', values: { chunk_sise: 10 } }).success).toBe(false);
    expect(ConfigUpdateInputSchema.safeParse({ section: 'gpu', values: {} }).success).toBe(false);
    expect(ConfigUpdateInputSchema.safeParse({ section: 'context', values: { chunk_size: 800 } }).success).toBe(true);
  });
});
