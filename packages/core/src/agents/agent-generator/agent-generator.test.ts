import { defaultConfig, type PlanTask, type ToolName } from '@studio/shared';
import { describe, expect, it } from 'vitest';
import { generateAgent } from './agent-generator';

const task = (complexity: number, extra: Partial<PlanTask> = {}): PlanTask => ({
  id: 't1',
  name: 'Find the budget',
  description: 'Find the budget',
  dependencies: [],
  expectedOutput: 'The budget',
  successCriteria: 'Cited',
  assignedAgent: 'analyst',
  complexity,
  ...extra,
});
const all = new Set<ToolName>([
  'search_files',
  'read_chunk',
  'recall_memory',
  'save_memory',
  'calculator',
  'summarize',
  'list_files',
]);

/** The shipped `agent_generator` section with a chosen tool list. */
const config = (available_tools: ToolName[] = [...all]) => ({ ...defaultConfig().agent_generator, available_tools });

describe('the agent generator', () => {
  it.each([
    [2, 'simple', { maxSteps: 3, maxTokens: 1000, timeoutMs: 60_000 }],
    [5, 'moderate', { maxSteps: 5, maxTokens: 2000, timeoutMs: 120_000 }],
    [7, 'complex', { maxSteps: 8, maxTokens: 4000, timeoutMs: 300_000 }],
    [9, 'expert', { maxSteps: 12, maxTokens: 6000, timeoutMs: 600_000 }],
  ])('complexity %i is %s with its limits', (complexity, tier, limits) => {
    expect(generateAgent(task(complexity), config(), all)).toMatchObject({ tier, limits });
  });

  it('scales every tier from the configured defaults', () => {
    const scaled = {
      ...config(),
      default_agent_max_steps: 8,
      default_agent_max_tokens: 500,
      agent_timeout_seconds: 10,
    };
    expect(generateAgent(task(2), scaled, all).limits).toEqual({ maxSteps: 6, maxTokens: 250, timeoutMs: 5_000 });
    expect(generateAgent(task(9), scaled, all).limits).toEqual({ maxSteps: 24, maxTokens: 1500, timeoutMs: 50_000 });
    const smallest = { ...scaled, default_agent_max_steps: 1, default_agent_max_tokens: 1, agent_timeout_seconds: 1 };
    expect(generateAgent(task(1), smallest, all).limits).toEqual({ maxSteps: 1, maxTokens: 1, timeoutMs: 1_000 });
  });

  it('narrows tools to those configured and usable, and writes the prompt from the role template', () => {
    const spec = generateAgent(
      task(3),
      config(['search_files', 'calculator']),
      new Set<ToolName>(['calculator', 'summarize']),
    );
    expect(spec.tools).toEqual(['calculator']);
    expect(spec.role).toBe('analyst');
    expect(spec.systemPrompt).toContain('You are the analyst agent');
    expect(spec.systemPrompt).toContain('Task: Find the budget.');
    expect(spec.systemPrompt).toContain('Tools you may call: calculator.');
    expect(spec.outputContract).toContain('plain text');
  });

  it("maps a role the model invented to a known one and keeps the task's own tool list", () => {
    const spec = generateAgent(task(1, { assignedAgent: 'Summary Bot', tools: ['summarize'] }), config(), all);
    expect(spec).toMatchObject({ role: 'summarizer', tools: ['summarize'], agentId: 'summarizer-t1' });
  });
});
