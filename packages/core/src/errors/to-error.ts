/**
 * A caught or rejected value as an `Error`, for code that keeps it to throw or reject with later:
 * an `Error` (a domain error, an abort signal's reason) is itself, anything else is wrapped.
 */
export function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
