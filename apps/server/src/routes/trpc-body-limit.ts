import type { RequestHandler } from 'express';
import { declaresMoreThan, multipartBodyLimit } from './upload-limit';

/** JSON calls are small (a 100k-character chat message is well under this). */
const JSON_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/**
 * tRPC reads a FormData upload whole before the procedure can check its size, so the size is
 * checked here first, from Content-Length: over the limit is 413 without reading the body, and a
 * POST that does not say its length is refused (411) rather than read without bound.
 */
export function trpcBodyLimit(maxUploadBytes: () => number): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST') return next();
    const multipart = (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
    const limit = multipart ? multipartBodyLimit(maxUploadBytes()) : JSON_BODY_LIMIT_BYTES;
    if (req.headers['content-length'] === undefined) {
      refuse(res, 411, 'LENGTH_REQUIRED', 'send a Content-Length header with the request body');
      return;
    }
    if (declaresMoreThan(req, limit)) {
      refuse(
        res,
        413,
        multipart ? 'FILE_TOO_LARGE' : 'PAYLOAD_TOO_LARGE',
        `the request body exceeds the ${Math.round(limit / 1024 / 1024)} MB limit`,
      );
      return;
    }
    next();
  };
}

/** The same error shape tRPC answers with, so typed clients read it as a TRPCClientError. */
function refuse(res: Parameters<RequestHandler>[1], status: number, domainCode: string, message: string): void {
  const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
  res
    .status(status)
    .set('Connection', 'close')
    .json({ error: { message, code: -32600, data: { code, httpStatus: status, domainCode, zodError: null } } });
}
