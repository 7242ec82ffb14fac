import { z } from 'zod';
import { IdSchema, PageInputSchema, TimestampSchema, UserIdSchema } from './common';

/** Larger memories are refused: a memory is a fact, not a document. */
export const MAX_MEMORY_CHARS = 8192;

export const MemoryTypeSchema = z.enum(['profile', 'fact', 'conversation']);
export type MemoryType = z.infer<typeof MemoryTypeSchema>;

/** Metadata is a few labels, not a document: deeper or larger is refused before it reaches the store. */
export const MAX_METADATA_DEPTH = 8;
export const MAX_METADATA_CHARS = 16 * 1024;

export const MemoryMetadataSchema = z.record(z.string(), z.unknown()).superRefine((metadata, context) => {
  if (depthOf(metadata) > MAX_METADATA_DEPTH) {
    context.addIssue({ code: 'custom', message: `metadata is nested deeper than ${MAX_METADATA_DEPTH} levels` });
  } else if (JSON.stringify(metadata).length > MAX_METADATA_CHARS) {
    context.addIssue({ code: 'custom', message: `metadata is longer than ${MAX_METADATA_CHARS} characters as JSON` });
  }
});

/** Nesting depth, walked without recursion so a hostile 10,000-level object cannot exhaust the stack. */
function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_METADATA_DEPTH) return deepest;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return deepest;
}

const MemoryContentSchema = z
  .string()
  .max(MAX_MEMORY_CHARS, `content is longer than ${MAX_MEMORY_CHARS} characters`)
  .refine((value) => value.trim().length > 0, 'content must not be empty');

export const MemoryEntrySchema = z.object({
  id: z.string(),
  type: MemoryTypeSchema,
  content: z.string(),
  metadata: MemoryMetadataSchema,
  userId: z.string(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type MemoryEntry = z.infer<typeof MemoryEntrySchema>;

export const MemoryListInputSchema = PageInputSchema.extend({
  type: MemoryTypeSchema.optional(),
  userId: UserIdSchema.optional(),
});
export type MemoryListInput = z.infer<typeof MemoryListInputSchema>;
export const MemoryListOutputSchema = z.object({
  items: z.array(MemoryEntrySchema),
  total: z.number().int(),
  nextCursor: z.string().nullable(),
});

export const MemoryIdInputSchema = z.object({ id: IdSchema });

export const MemoryAddInputSchema = z.object({
  type: MemoryTypeSchema,
  content: MemoryContentSchema,
  metadata: MemoryMetadataSchema.optional(),
  userId: UserIdSchema.optional(),
});
export type MemoryAddInput = z.infer<typeof MemoryAddInputSchema>;

export const MemoryUpdateInputSchema = z.object({
  id: IdSchema,
  content: MemoryContentSchema.optional(),
  metadata: MemoryMetadataSchema.optional(),
});
export type MemoryUpdateInput = z.infer<typeof MemoryUpdateInputSchema>;

export const MemoryDeleteOutputSchema = z.object({ id: z.string(), deleted: z.literal(true) });

export const MemoryClearInputSchema = z.object({
  type: MemoryTypeSchema.optional(),
  userId: UserIdSchema.optional(),
  olderThanDays: z.number().min(0).max(36_500).optional(),
  keepLatest: z.number().int().min(0).optional(),
  applyRetention: z.boolean().optional(),
  dryRun: z.boolean().optional(),
});
export type MemoryClearInput = z.infer<typeof MemoryClearInputSchema>;
export const MemoryClearOutputSchema = z.object({
  deleted: z.number().int(),
  ids: z.array(z.string()).optional(),
});

export const MemorySearchInputSchema = z.object({
  query: z.string().trim().min(1, 'query must not be empty').max(MAX_MEMORY_CHARS),
  type: MemoryTypeSchema.optional(),
  userId: UserIdSchema.optional(),
  k: z.number().int().min(1).max(100).optional(),
});
export type MemorySearchInput = z.infer<typeof MemorySearchInputSchema>;
export const MemoryHitSchema = MemoryEntrySchema.extend({ score: z.number() });
export type MemoryHit = z.infer<typeof MemoryHitSchema>;
export const MemorySearchOutputSchema = z.object({ hits: z.array(MemoryHitSchema) });

/** One recorded change of a memory (Mem0 keeps them, also after a delete). */
export const MemoryChangeSchema = z.object({
  action: z.enum(['ADD', 'UPDATE', 'DELETE']),
  previousContent: z.string().nullable(),
  newContent: z.string().nullable(),
  at: z.string().nullable(),
});
export type MemoryChange = z.infer<typeof MemoryChangeSchema>;
export const MemoryHistoryOutputSchema = z.object({ id: z.string(), changes: z.array(MemoryChangeSchema) });
