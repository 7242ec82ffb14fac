import { z } from 'zod';

/** Opaque identifier: always a non-empty string on the wire. */
export const IdSchema = z.string().min(1).max(200);

/** ISO-8601 timestamp string; the wire carries no Date objects. */
export const TimestampSchema = z.string().datetime({ offset: true });

/** Cursor-based pagination input shared by every list procedure. */
export const PageInputSchema = z.object({
  limit: z.number().int().min(1).max(200).optional(),
  cursor: z.string().min(1).max(500).optional(),
});
export type PageInput = z.infer<typeof PageInputSchema>;

/** Every subscription accepts the id of the last event it saw, to resume without gaps. */
export const ResumableInputSchema = z.object({
  lastEventId: z.string().min(1).max(100).nullish(),
});

export const ErrorInfoSchema = z.object({ code: z.string(), message: z.string() });
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;
