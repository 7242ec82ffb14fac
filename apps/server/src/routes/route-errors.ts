import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { Request, Response } from 'express';

/**
 * Sends an error in the shape the route's clients parse: OpenAI clients on `/v1`, tRPC clients on
 * `/trpc`, and the contract's `{ error: { code, message } }` everywhere else. Never a stack or a path.
 */
export function sendRouteError(req: Request, res: Response, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(status);
  const path = req.originalUrl;
  if (path.startsWith('/v1/') || path === '/v1') {
    res.json({ error: { message, type: status >= 500 ? 'server_error' : 'invalid_request_error', code } });
  } else if (path.startsWith('/trpc')) {
    const trpcCode = trpcCodeFor(status);
    res.json({
      error: {
        message,
        code: TRPC_ERROR_CODES_BY_KEY[trpcCode],
        data: { code: trpcCode, httpStatus: status, domainCode: code, zodError: null },
      },
    });
  } else {
    res.json({ error: { code, message } });
  }
}

type TRPCCode = keyof typeof TRPC_ERROR_CODES_BY_KEY;

function trpcCodeFor(status: number): TRPCCode {
  const codes: Record<number, TRPCCode> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHORIZED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    411: 'BAD_REQUEST',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'TOO_MANY_REQUESTS',
  };
  return codes[status] ?? 'INTERNAL_SERVER_ERROR';
}
