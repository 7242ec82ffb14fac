import { MAX_MEMORY_CHARS, MemoryTypeSchema, type MemoryType } from '@studio/shared';
import { InvalidInputError } from '../errors/invalid-input-error';
import { UnavailableError } from '../errors/unavailable-error';
import { DomainError } from '../errors/domain-error';

/** The metadata key that carries a memory's type inside Mem0 (list and search filter on it). */
export const TYPE_KEY = 'type';

/** Trimmed content, or a clear error for empty or oversized text (core is called without the API too). */
export function validContent(content: string): string {
  const trimmed = content.trim();
  if (trimmed.length === 0) {
    throw new InvalidInputError('MEMORY_CONTENT_EMPTY', 'content must not be empty', [
      { path: 'content', message: 'must not be empty' },
    ]);
  }
  if (trimmed.length > MAX_MEMORY_CHARS) {
    throw new InvalidInputError('MEMORY_CONTENT_TOO_LONG', `content is longer than ${MAX_MEMORY_CHARS} characters`, [
      { path: 'content', message: `at most ${MAX_MEMORY_CHARS} characters` },
    ]);
  }
  return trimmed;
}

/** The memory type, or MEMORY_TYPE_UNKNOWN for anything but profile, fact or conversation. */
export function validType(type: string): MemoryType {
  const parsed = MemoryTypeSchema.safeParse(type);
  if (!parsed.success) {
    throw new InvalidInputError(
      'MEMORY_TYPE_UNKNOWN',
      `unknown memory type ${JSON.stringify(type)}; use profile, fact or conversation`,
      [{ path: 'type', message: 'must be profile, fact or conversation' }],
    );
  }
  return parsed.data;
}

/** User metadata without the reserved type key (the entry's own `type` field wins). */
export function userMetadata(metadata: Record<string, unknown> | undefined): Record<string, unknown> {
  const { [TYPE_KEY]: _reserved, ...rest } = metadata ?? {};
  return rest;
}

/** Runs a content-store call; a failure that is not already a domain error becomes MEMORY_UNAVAILABLE. */
export async function guarded<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (DomainError.isInstance(error)) throw error;
    throw new UnavailableError('MEMORY_UNAVAILABLE', `memory store failed to ${operation}`, error);
  }
}
