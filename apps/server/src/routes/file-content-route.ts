import { toHttpError } from '@studio/api';
import type { Studio } from '@studio/core';
import express, { type Request, type Response, type Router } from 'express';
import { pipeline } from 'node:stream/promises';
import { contentDisposition } from './content-disposition';

/** Types a browser would run as a page of our origin: sandboxed, so an uploaded page runs no script here. */
const ACTIVE_TYPES = new Set(['text/html']);

/**
 * `GET /api/files/:fileId/content`: the original bytes with their detected type, inline (or an
 * attachment with `?download=1`), with single `Range` requests answered 206 (pdf.js reads PDFs in
 * ranges). Unknown ids are a 404 in the contract's error shape.
 */
export function fileContentRoute(studio: Studio): Router {
  const route = express.Router();
  route.get('/files/:fileId/content', async (req: Request<{ fileId: string }>, res: Response) => {
    const fileId = req.params.fileId;
    try {
      const file = await studio.files.get(fileId);
      const etag = `"${file.fileId}"`;
      const range = requestedRange(req, file.size, etag);
      if (range === 'unsatisfiable') {
        res.status(416).set('Content-Range', `bytes */${file.size}`).end();
        return;
      }
      const { body } = await studio.files.content(fileId, range);
      // Set apart: express's `set` would add `charset=utf-8` to a text type, and a text original's
      // encoding is whatever the user's file had.
      res.setHeader('Content-Type', file.mimeType);
      res.status(range ? 206 : 200).set({
        'Content-Length': String(range ? range.end - range.start + 1 : file.size),
        'Content-Disposition': contentDisposition(req.query.download === '1' ? 'attachment' : 'inline', file.name),
        'X-Content-Type-Options': 'nosniff',
        'Accept-Ranges': 'bytes',
        // An original never changes under its id.
        ETag: etag,
        'Cache-Control': 'private, max-age=0, must-revalidate',
        ...(range ? { 'Content-Range': `bytes ${range.start}-${range.end}/${file.size}` } : {}),
        ...(ACTIVE_TYPES.has(file.mimeType) ? { 'Content-Security-Policy': 'sandbox' } : {}),
      });
      if (req.method === 'HEAD') {
        body.destroy();
        res.end();
        return;
      }
      await pipeline(body, res).catch((error: unknown) => {
        // A client that went away is not an error worth logging.
        if (!res.destroyed || res.writableFinished)
          studio.logger.warn('a file download broke off', { fileId, error: String(error) });
        res.destroy();
      });
    } catch (error) {
      const { status, body } = toHttpError(error);
      if (status >= 500) studio.logger.error('file content failed unexpectedly', { fileId, error: String(error) });
      if (res.headersSent) res.destroy();
      else res.status(status).json(body);
    }
  });
  return route;
}

/**
 * The one byte range asked for, or undefined for the whole file: several ranges, a malformed header
 * or a stale `If-Range` are answered with the whole file, as RFC 9110 allows.
 */
function requestedRange(
  req: Request,
  size: number,
  etag: string,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!req.headers.range) return undefined;
  const ifRange = req.headers['if-range'];
  if (ifRange !== undefined && ifRange !== etag) return undefined;
  const ranges = req.range(size, { combine: true });
  if (ranges === -1) return 'unsatisfiable';
  if (ranges === undefined || ranges === -2 || ranges.length !== 1 || ranges.type !== 'bytes') return undefined;
  const [range] = ranges;
  return range;
}
