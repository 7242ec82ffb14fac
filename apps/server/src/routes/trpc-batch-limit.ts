import type { RequestHandler } from 'express';
import { sendRouteError } from './route-errors';

/**
 * Refuses a tRPC HTTP batch of more than `max` calls before any runs: 2000 `chat.send` in one
 * request held the server for minutes. (tRPC's own `maxBatchSize` answers in plain text.)
 */
export function trpcBatchLimit(max: number): RequestHandler {
  return (req, res, next) => {
    if (req.query.batch !== '1') return next();
    const calls = req.path.split(',').length;
    if (calls <= max) return next();
    sendRouteError(req, res, 400, 'BATCH_TOO_LARGE', `a batch may hold at most ${max} calls; this one held ${calls}`);
  };
}
