import { z } from 'zod';

export const ComponentStatusSchema = z.enum(['ok', 'degraded', 'down', 'offline']);
export type ComponentStatus = z.infer<typeof ComponentStatusSchema>;

export const ComponentHealthSchema = z.object({
  status: ComponentStatusSchema,
  detail: z.string().optional(),
});
export type ComponentHealth = z.infer<typeof ComponentHealthSchema>;

export const ComponentNameSchema = z.enum(['store', 'vectorStore', 'llm', 'embedder', 'memory', 'eventBus', 'tools']);
export type ComponentName = z.infer<typeof ComponentNameSchema>;

/** Output of `health` and `GET /api/health`. */
export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptimeS: z.number(),
  components: z.object({
    store: ComponentHealthSchema,
    vectorStore: ComponentHealthSchema,
    llm: ComponentHealthSchema,
    embedder: ComponentHealthSchema,
    memory: ComponentHealthSchema,
    /** In-process, or Redis streams when several processes share events (added after the first contract). */
    eventBus: ComponentHealthSchema.optional(),
    /** MCP servers: how many are connected, and why the others are not (added in the second round). */
    tools: ComponentHealthSchema.optional(),
  }),
});
export type Health = z.infer<typeof HealthSchema>;
