import { TRPCClientError } from '@trpc/client';

interface ErrorData {
  zodError?: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> } | null;
  domainCode?: string | null;
  code?: string;
}

function dataOf(error: unknown): ErrorData | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  return data && typeof data === 'object' ? data : undefined;
}

/**
 * Field errors from a failed call, keyed by field name: the server reports `values.chunk_overlap`
 * for `config.update`, the form knows the field as `chunk_overlap`, so `prefix` is dropped.
 */
export function fieldErrorsOf(error: unknown, prefix = ''): Record<string, string> {
  const fieldErrors = dataOf(error)?.zodError?.fieldErrors ?? {};
  const result: Record<string, string> = {};
  for (const [key, messages] of Object.entries(fieldErrors)) {
    const message = messages?.[0];
    if (!message) continue;
    const field = prefix && key.startsWith(prefix) ? key.slice(prefix.length) : key;
    result[field] = message;
  }
  return result;
}

/** A sentence a user can read: never a stack, and a plain word when the server can't be reached. */
export function messageOf(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const code = dataOf(error)?.code;
    if (code === 'UNAUTHORIZED') return 'The server needs an API token (set it in Configuration).';
    if (!error.data && /fetch|network|closed|socket/i.test(error.message)) return 'The server could not be reached.';
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * True when the server answered NOT_FOUND (an unknown id, or an event it no longer holds). Errors
 * raised while a subscription streams carry only the domain code, so that is checked too.
 */
export function isNotFound(error: unknown): boolean {
  const data = dataOf(error);
  return data?.code === 'NOT_FOUND' || (data?.domainCode?.endsWith('NOT_FOUND') ?? false);
}

/** True when the server refused the call for want of a valid API token. */
export function isUnauthorized(error: unknown): boolean {
  return dataOf(error)?.code === 'UNAUTHORIZED';
}
