import { isAuthorized } from '@studio/api';
import type { RequestHandler } from 'express';

/** Guards the plain `/api` routes with the same token rule as tRPC. */
export function requireToken(token: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (isAuthorized(token, { authorization: req.headers.authorization })) return next();
    res.status(401).json({ error: { code: 'UNAUTHORIZED', message: 'a valid API token is required' } });
  };
}
