import { z } from 'zod';
import { ResumableInputSchema } from './common';
import { LlmConfigSchema } from './llm';
import { ToolsConfigSchema, ToolsConfigWithRulesSchema } from './tools';

export const ConfigSectionNameSchema = z.enum([
  'orchestrator',
  'planner',
  'agent_generator',
  'context',
  'memory',
  'tools',
  'llm',
]);
export type ConfigSectionName = z.infer<typeof ConfigSectionNameSchema>;
export const CONFIG_SECTIONS = ConfigSectionNameSchema.options;

export const ToolNameSchema = z.enum([
  'search_files',
  'read_chunk',
  'recall_memory',
  'save_memory',
  'calculator',
  'summarize',
  'list_files',
]);
export type ToolName = z.infer<typeof ToolNameSchema>;

export const SupportedFileTypeSchema = z.enum([
  'pdf',
  'docx',
  'pptx',
  'xlsx',
  'odt',
  'odp',
  'ods',
  'rtf',
  'html',
  'md',
  'txt',
  'csv',
  'png',
  'jpg',
]);
export type SupportedFileType = z.infer<typeof SupportedFileTypeSchema>;

const positiveInt = (max: number) => z.number().int().min(1).max(max);
const unit = z.number().min(0).max(1);

/** How the main orchestrator bounds one execution. */
export const OrchestratorConfigSchema = z
  .object({
    max_iterations: positiveInt(100).default(6),
    token_budget: positiveInt(10_000_000).default(50_000),
    workflow_confidence_threshold: unit.default(0.7),
    timeout_seconds: positiveInt(86_400).default(300),
    fallback_behavior: z.enum(['direct_response', 'offline_answer', 'error']).default('direct_response'),
  })
  .strict();

export const PlannerConfigSchema = z
  .object({
    max_tasks_per_request: positiveInt(100).default(10),
    min_task_complexity: positiveInt(10).default(1),
    max_task_complexity: positiveInt(10).default(5),
    enable_task_optimization: z.boolean().default(true),
  })
  .strict();

export const AgentGeneratorConfigSchema = z
  .object({
    max_concurrent_agents: positiveInt(64).default(5),
    default_agent_max_steps: positiveInt(100).default(4),
    default_agent_max_tokens: positiveInt(1_000_000).default(2000),
    agent_timeout_seconds: positiveInt(86_400).default(120),
    available_tools: z.array(ToolNameSchema).default([...ToolNameSchema.options]),
  })
  .strict();

export const ContextConfigSchema = z
  .object({
    chunk_size: z.number().int().min(100).max(20_000).default(1000),
    chunk_overlap: z.number().int().min(0).max(10_000).default(100),
    max_file_size_mb: z.number().min(0.001).max(10_240).default(100),
    supported_file_types: z
      .array(SupportedFileTypeSchema)
      .min(1)
      .default([...SupportedFileTypeSchema.options]),
    ocr_enabled: z.boolean().default(true),
    ocr_language: z
      .string()
      .regex(/^[a-z_]{3,16}$/, 'a tesseract language code such as eng')
      .default('eng'),
    retrieval_k: positiveInt(100).default(10),
    use_mmr: z.boolean().default(true),
    mmr_lambda: unit.default(0.7),
  })
  .strict();

export const RetentionPolicySchema = z.enum(['lru', 'fifo']);

export const MemoryConfigSchema = z
  .object({
    profile_ttl_days: positiveInt(36_500).default(365),
    facts_ttl_days: positiveInt(36_500).default(180),
    conversation_ttl_days: positiveInt(36_500).default(30),
    max_relevant_memories: positiveInt(100).default(10),
    similarity_threshold: unit.default(0.7),
    context_window_size: z.number().int().min(0).max(100).default(5),
    retention_policy: RetentionPolicySchema.default('lru'),
    max_memories_per_type: positiveInt(1_000_000).default(10_000),
    retention_interval_minutes: positiveInt(10_080).default(60),
  })
  .strict();

/** Section schemas without cross-field rules; `.partial()` of these validates `config.update` input. */
export const ConfigSectionShapes = {
  orchestrator: OrchestratorConfigSchema,
  planner: PlannerConfigSchema,
  agent_generator: AgentGeneratorConfigSchema,
  context: ContextConfigSchema,
  memory: MemoryConfigSchema,
  tools: ToolsConfigSchema,
  llm: LlmConfigSchema,
} as const;

/** Section schemas with their cross-field rules: what a whole section must satisfy to be applied. */
export const ConfigSectionSchemas = {
  orchestrator: OrchestratorConfigSchema,
  planner: PlannerConfigSchema.refine((value) => value.min_task_complexity <= value.max_task_complexity, {
    message: 'min_task_complexity must not exceed max_task_complexity',
    path: ['min_task_complexity'],
  }),
  agent_generator: AgentGeneratorConfigSchema,
  context: ContextConfigSchema.refine((value) => value.chunk_overlap < value.chunk_size, {
    message: 'chunk_overlap must be smaller than chunk_size',
    path: ['chunk_overlap'],
  }),
  memory: MemoryConfigSchema,
  tools: ToolsConfigWithRulesSchema,
  llm: LlmConfigSchema,
} as const;

export type OrchestratorConfig = z.infer<typeof OrchestratorConfigSchema>;
export type PlannerConfig = z.infer<typeof PlannerConfigSchema>;
export type AgentGeneratorConfig = z.infer<typeof AgentGeneratorConfigSchema>;
export type ContextConfig = z.infer<typeof ContextConfigSchema>;
export type MemoryConfig = z.infer<typeof MemoryConfigSchema>;

export const StudioConfigSchema = z.object({
  orchestrator: ConfigSectionSchemas.orchestrator,
  planner: ConfigSectionSchemas.planner,
  agent_generator: ConfigSectionSchemas.agent_generator,
  context: ConfigSectionSchemas.context,
  memory: ConfigSectionSchemas.memory,
  tools: ConfigSectionSchemas.tools,
  llm: ConfigSectionSchemas.llm,
});
export type StudioConfig = z.infer<typeof StudioConfigSchema>;
export type ConfigSectionValues<S extends ConfigSectionName> = StudioConfig[S];

/** The defaults every fresh data directory starts with. */
export const defaultConfig = (): StudioConfig =>
  StudioConfigSchema.parse({
    orchestrator: {},
    planner: {},
    agent_generator: {},
    context: {},
    memory: {},
    tools: {},
    llm: {},
  });

export const ConfigSectionInputSchema = z.object({ section: ConfigSectionNameSchema });

/**
 * A section's schema for a patch: every key optional and no default filled in. `.partial()` is not
 * enough: zod 4 applies a `.default()` even under `.optional()`, so an update naming one key would
 * carry every other key at its default and reset the section.
 */
function patchOf<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [
      key,
      z.optional(field instanceof z.ZodDefault ? field.unwrap() : field),
    ]),
  );
  return z.object(shape).strict() as unknown as z.ZodType<Partial<z.output<typeof schema>>>;
}

/** One section's update: a patch, and optionally the section's version the client last saw (an optimistic lock). */
const updateOf = <Section extends ConfigSectionName, Shape extends z.ZodRawShape>(
  section: Section,
  schema: z.ZodObject<Shape>,
) =>
  z.object({
    section: z.literal(section),
    values: patchOf(schema),
    expectedVersion: z.number().int().min(0).optional(),
  });

/** A patch merged over the section in force; `expectedVersion`, when given, must be the current version. */
export const ConfigUpdateInputSchema = z.discriminatedUnion('section', [
  updateOf('orchestrator', OrchestratorConfigSchema),
  updateOf('planner', PlannerConfigSchema),
  updateOf('agent_generator', AgentGeneratorConfigSchema),
  updateOf('context', ContextConfigSchema),
  updateOf('memory', MemoryConfigSchema),
  updateOf('tools', ToolsConfigSchema),
  updateOf('llm', LlmConfigSchema),
]);
export type ConfigUpdateInput = z.infer<typeof ConfigUpdateInputSchema>;

export const ConfigUpdateOutputSchema = z.object({
  section: ConfigSectionNameSchema,
  values: z.record(z.string(), z.unknown()),
  version: z.number().int(),
});
export type ConfigUpdateOutput = z.infer<typeof ConfigUpdateOutputSchema>;

/** `config.versions`: each section's current version, the value `expectedVersion` compares against. */
export const ConfigVersionsOutputSchema = z.record(ConfigSectionNameSchema, z.number().int());
export type ConfigVersions = z.infer<typeof ConfigVersionsOutputSchema>;

export const ConfigReloadOutputSchema = z.object({
  reloaded: z.literal(true),
  sections: z.array(ConfigSectionNameSchema),
});

/** `values` is left open here on purpose: validating arbitrary candidate values is the procedure's job. */
export const ConfigValidateInputSchema = z.object({
  section: ConfigSectionNameSchema,
  values: z.record(z.string(), z.unknown()).optional(),
});
export const ConfigIssueSchema = z.object({ path: z.string(), message: z.string() });
export type ConfigIssue = z.infer<typeof ConfigIssueSchema>;
export const ConfigValidateOutputSchema = z.object({
  valid: z.boolean(),
  errors: z.array(ConfigIssueSchema),
});
export type ConfigValidateOutput = z.infer<typeof ConfigValidateOutputSchema>;

export const ConfigSourceSchema = z.enum(['api', 'file', 'reload']);
export type ConfigSource = z.infer<typeof ConfigSourceSchema>;

/** Payload of `events.config`: an applied change, or a hand edit that was refused. */
export const ConfigEventSchema = z.union([
  z.object({
    section: ConfigSectionNameSchema,
    version: z.number().int(),
    values: z.record(z.string(), z.unknown()),
    source: ConfigSourceSchema,
  }),
  z.object({
    section: ConfigSectionNameSchema,
    error: z.string(),
    errors: z.array(ConfigIssueSchema).optional(),
  }),
]);
export type ConfigEvent = z.infer<typeof ConfigEventSchema>;

export const ConfigEventsInputSchema = z
  .object({ section: ConfigSectionNameSchema.optional() })
  .extend(ResumableInputSchema.shape);
