import { DomainError } from '@studio/core';
import { initTRPC, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { z } from 'zod';
import type { ApiContext } from './context';
import { toTRPCError } from './errors';

const t = initTRPC.context<ApiContext>().create({
  sse: {
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 25_000 },
  },
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    // An error thrown while a subscription already streams skips the middleware; map it here the same way.
    const mapped = error.code === 'INTERNAL_SERVER_ERROR' && DomainError.isInstance(cause) ? toTRPCError(cause) : error;
    const zodError =
      cause instanceof z.ZodError
        ? z.flattenError(cause)
        : DomainError.isInstance(cause) && cause.issues.length > 0
          ? issuesToFlattened(cause.issues)
          : null;
    return {
      ...shape,
      code: TRPC_ERROR_CODES_BY_KEY[mapped.code],
      // Internal errors never carry a library's raw message or a stack to the user.
      message:
        cause instanceof z.ZodError
          ? z.prettifyError(cause)
          : error.code === 'INTERNAL_SERVER_ERROR' && !DomainError.isInstance(cause)
            ? 'internal error'
            : shape.message,
      data: {
        ...shape.data,
        code: mapped.code,
        httpStatus: getHTTPStatusCodeFromError(mapped),
        stack: undefined,
        zodError,
        domainCode: DomainError.isInstance(cause) ? cause.code : null,
        details: DomainError.isInstance(cause) ? cause.details : undefined,
      },
    };
  },
});

function issuesToFlattened(issues: { path: string; message: string }[]) {
  const fieldErrors: Record<string, string[]> = {};
  const formErrors: string[] = [];
  for (const issue of issues) {
    if (!issue.path) {
      formErrors.push(issue.message);
      continue;
    }
    (fieldErrors[issue.path] ??= []).push(issue.message);
  }
  return { formErrors, fieldErrors };
}

/** Maps every domain error thrown by core to a TRPCError; the only such mapping in the codebase. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

const requireToken = t.middleware(({ ctx, next }) => {
  if (!ctx.authorized) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'a valid API token is required' });
  return next();
});

/** Holds a slot of the connection's budget for as long as the subscription runs. */
const subscriptionBudget = t.middleware(async ({ ctx, type, next }) => {
  if (type !== 'subscription' || !ctx.subscriptions) return next();
  const release = ctx.subscriptions.acquire();
  if (!release) {
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: `a connection may hold at most ${ctx.subscriptions.max} subscriptions; stop one first`,
    });
  }
  const result = await next();
  if (!result.ok || !isAsyncIterable(result.data)) {
    release();
    return result;
  }
  return { ...result, data: releasedWhenDone(result.data, release) };
});

async function* releasedWhenDone<T>(source: AsyncIterable<T>, release: () => void): AsyncGenerator<T> {
  try {
    yield* source;
  } finally {
    release();
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
/** Every procedure of the studio: token-checked and with domain errors mapped. */
export const procedure = t.procedure.use(requireToken).use(subscriptionBudget).use(domainErrors);
