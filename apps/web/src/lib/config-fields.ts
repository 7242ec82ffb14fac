import { ConfigSectionShapes, type ConfigSectionName } from '@studio/shared';
import type { z } from 'zod';

/** How one configuration value is edited, derived from its zod schema. */
export type FieldSpec =
  | { key: string; kind: 'number'; integer: boolean; min?: number; max?: number }
  | { key: string; kind: 'boolean' }
  | { key: string; kind: 'enum'; options: readonly string[] }
  | { key: string; kind: 'multi'; options: readonly string[] }
  | { key: string; kind: 'text' };

function unwrap(schema: z.ZodType): z.ZodType {
  // Every section field is `<type>.default(x)`; the editor needs the inner type.
  return schema.def.type === 'default' ? unwrap((schema as z.ZodDefault<z.ZodType>).unwrap()) : schema;
}

function finite(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function describe(key: string, schema: z.ZodType): FieldSpec {
  const inner = unwrap(schema);
  switch (inner.def.type) {
    case 'number': {
      const number = inner as z.ZodNumber;
      return { key, kind: 'number', integer: number.isInt, min: finite(number.minValue), max: finite(number.maxValue) };
    }
    case 'boolean':
      return { key, kind: 'boolean' };
    case 'enum':
      return { key, kind: 'enum', options: (inner as z.ZodEnum).options as readonly string[] };
    case 'array': {
      const element = unwrap((inner as z.ZodArray<z.ZodType>).element);
      if (element.def.type === 'enum')
        return { key, kind: 'multi', options: (element as z.ZodEnum).options as readonly string[] };
      return { key, kind: 'text' };
    }
    default:
      return { key, kind: 'text' };
  }
}

/** The editable fields of a section, in schema order, generated from the shared schema. */
export function sectionFields(section: ConfigSectionName): FieldSpec[] {
  const shape: Record<string, z.ZodType> = ConfigSectionShapes[section].shape;
  return Object.entries(shape).map(([key, schema]) => describe(key, schema));
}

/** A form's raw input (numbers still as typed text) turned into the values the schema expects. */
export function toValue(spec: FieldSpec, raw: unknown): unknown {
  if (spec.kind !== 'number' || typeof raw !== 'string') return raw;
  if (raw.trim() === '') return raw;
  const value = Number(raw);
  return Number.isNaN(value) ? raw : value;
}

/**
 * Checks each field against the shared section shape as the user types. Rules across fields (an
 * overlap smaller than the chunk size) are the server's to judge on save, against the values it
 * holds at that moment; its field errors land at the same fields.
 */
export function validateSection(section: ConfigSectionName, values: Record<string, unknown>): Record<string, string> {
  const result = ConfigSectionShapes[section].safeParse(values);
  if (result.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '');
    if (key && !errors[key]) errors[key] = issue.message;
  }
  return errors;
}

/** One line of help per setting, shown under its field. */
export const FIELD_HINTS: Record<string, string> = {
  max_iterations: 'Most rounds of agents for one request: a task runs a round after those it needs; a retry takes one.',
  token_budget: 'Tokens one request may spend across all agents.',
  workflow_confidence_threshold: 'How sure the router must be before using a workflow (0–1).',
  timeout_seconds: 'A request is stopped after this long.',
  fallback_behavior: 'What to do when the language model is unavailable.',
  max_tasks_per_request: 'Largest plan the planner may produce.',
  min_task_complexity: 'Lowest complexity a task may have (1–10).',
  max_task_complexity: 'Highest complexity a task may have (1–10).',
  enable_task_optimization: 'Merge and reorder tasks before running them.',
  max_concurrent_agents: 'Agents that may run at the same time.',
  default_agent_max_steps: 'Model turns per agent, scaled by task tier (simple ×0.75 … expert ×3).',
  default_agent_max_tokens: 'Tokens an agent may generate, scaled by task tier (simple ×0.5 … expert ×3).',
  agent_timeout_seconds: 'An agent is stopped after this long, scaled by task tier (simple ×0.5 … expert ×5).',
  available_tools: 'Tools agents may call.',
  chunk_size: 'Characters per chunk when indexing files.',
  chunk_overlap: 'Characters shared by neighbouring chunks; smaller than the chunk size.',
  max_file_size_mb: 'Larger uploads are refused.',
  supported_file_types: 'File types accepted for upload.',
  ocr_enabled: 'Read text from images and scanned pages.',
  ocr_language: 'Tesseract language code, such as eng.',
  retrieval_k: 'Passages retrieved per question.',
  use_mmr: 'Prefer diverse passages over near-duplicates.',
  mmr_lambda: 'Relevance versus diversity (1 = relevance only).',
  profile_ttl_days: 'Profile memories older than this are removed by retention.',
  facts_ttl_days: 'Fact memories older than this are removed by retention.',
  conversation_ttl_days: 'Conversation memories older than this are removed by retention.',
  max_relevant_memories: 'Memories recalled per question.',
  similarity_threshold: 'Least similarity for a memory to be recalled (0–1).',
  context_window_size: 'Recent messages kept with each question.',
  retention_policy: 'Which memories go first when a type is over its limit.',
  max_memories_per_type: 'Upper limit of memories per type.',
  retention_interval_minutes: 'How often retention runs.',
};
