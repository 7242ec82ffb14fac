import type { RequestHandler } from 'express';
import { sendRouteError } from './route-errors';

/**
 * Caps one tRPC HTTP answer. A batch of large queries is built whole in memory before it is
 * written; past the cap the client gets a small 413 instead of hundreds of megabytes. Event
 * streams (SSE) are long-lived and exempt.
 */
export function trpcResponseLimit(maxBytes: () => number): RequestHandler {
  return (req, res, next) => {
    if (req.headers.accept?.includes('text/event-stream')) return next();
    let written = 0;
    let refused = false;
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      // The rest of a refused answer is dropped; `true` lets tRPC's writer finish instead of awaiting a drain.
      if (refused) return true;
      written += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk instanceof Uint8Array ? chunk.length : 0;
      if (written <= maxBytes()) return write(chunk, ...rest);
      refused = true;
      if (!res.headersSent) {
        // express writes the error with `res.end`, which this wrapper leaves alone.
        sendRouteError(
          req,
          res,
          413,
          'RESPONSE_TOO_LARGE',
          `the answer is larger than ${Math.round(maxBytes() / 1024 / 1024)} MB: ask for fewer or smaller items per call`,
        );
      } else {
        res.destroy();
      }
      return true;
    }) as typeof res.write;
    next();
  };
}
