import { DomainError, type DomainErrorKind } from '@studio/core';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';

type TRPCCode = TRPCError['code'];

const codeByKind: Record<DomainErrorKind, TRPCCode> = {
  invalid_input: 'BAD_REQUEST',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  payload_too_large: 'PAYLOAD_TOO_LARGE',
  unsupported_media_type: 'UNSUPPORTED_MEDIA_TYPE',
  unavailable: 'SERVICE_UNAVAILABLE',
  timeout: 'TIMEOUT',
  cancelled: 'CLIENT_CLOSED_REQUEST',
  budget_exceeded: 'TOO_MANY_REQUESTS',
  internal: 'INTERNAL_SERVER_ERROR',
};

/** The one place a domain error becomes a transport error. */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) {
    return DomainError.isInstance(error.cause) ? toTRPCError(error.cause) : error;
  }
  if (DomainError.isInstance(error)) {
    return new TRPCError({ code: codeByKind[error.kind], message: error.message, cause: error });
  }
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error', cause: error });
}

/** For plain express routes: the HTTP status and the contract's `{ error: { code, message } }` body. */
export function toHttpError(error: unknown): { status: number; body: { error: { code: string; message: string } } } {
  const trpcError = toTRPCError(error);
  const cause = trpcError.cause;
  const code = DomainError.isInstance(cause) ? cause.code : trpcError.code;
  return { status: getHTTPStatusCodeFromError(trpcError), body: { error: { code, message: trpcError.message } } };
}
