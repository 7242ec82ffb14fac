import type { Logger } from '@studio/core';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { sendRouteError } from './route-errors';

/** A path no route serves: JSON in the route's own shape, never express's HTML page. */
export const notFound: RequestHandler = (req, res) => {
  sendRouteError(req, res, 404, 'NOT_FOUND', `no route for ${req.method} ${req.path}`);
};

/**
 * The last word on any error a route did not answer itself (a body too large or not JSON, a
 * library throwing): JSON in the route's shape, a 4xx for the client's own mistakes, and no stack
 * or file path in the answer. The operator gets the cause in the log.
 */
export function jsonErrors(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const status = clientStatusOf(error);
    if (status === 413) {
      sendRouteError(req, res, 413, 'PAYLOAD_TOO_LARGE', 'the request body is too large');
    } else if (status !== undefined) {
      sendRouteError(req, res, status, 'BAD_REQUEST', 'the request body could not be read: send valid JSON');
    } else {
      logger.error(`unexpected error in ${req.method} ${req.path}`, { error: String(error) });
      sendRouteError(req, res, 500, 'INTERNAL_ERROR', 'internal error');
    }
  };
}

/** body-parser and friends mark the client's mistakes with a 4xx `status`. */
function clientStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status =
    (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
