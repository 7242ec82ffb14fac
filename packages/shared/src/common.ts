import { z } from 'zod';

/** Opaque identifier: always a non-empty string on the wire. */
export const IdSchema = z.string().min(1).max(200);

/** ISO-8601 timestamp string; the wire carries no Date objects. */
export const TimestampSchema = z.string().datetime({ offset: true });

/**
 * Who a memory belongs to: letters, digits and `_ . @ : -`, so a space or a slash is refused at the
 * API (400) instead of failing deep inside the memory store.
 */
export const UserIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w.@:-]+$/, 'userId may hold letters, digits and "_", ".", "@", ":", "-" only');

/** The user a call belongs to when it names none: the studio is local, usually with one user. */
export const DEFAULT_USER_ID = 'default';

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

/** Calls in one tRPC HTTP batch the server accepts; clients' batch links split at this size. */
export const MAX_BATCH_CALLS = 20;
