import { toHttpError } from '@studio/api';
import { DomainError, InvalidInputError, PayloadTooLargeError, type Studio } from '@studio/core';
import express, { type Request, type Response, type Router } from 'express';
import multer from 'multer';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { declaresMoreThan, multipartBodyLimit } from './upload-limit';

/** How long a cut-off upload's socket is drained before it is closed. */
const CUT_OFF_DRAIN_MS = 1000;

/**
 * `POST /api/files` (multipart: `file`, optional `sessionId`) for curl and scripts. Streams to a
 * temp name under DATA_DIR, then hands over to the same core path as `files.upload`. Answers 201
 * with the FileRecord; 413 over the size limit with the partial upload removed.
 */
export function uploadRoute(studio: Studio): Router {
  const route = express.Router();
  route.post('/files', async (req: Request, res: Response) => {
    const limit = studio.files.maxUploadBytes();
    const tempPaths: string[] = [];
    const storage = multer.diskStorage({
      destination: studio.files.incomingDir,
      filename: (_req, _file, callback) => {
        const name = `${randomUUID()}.upload`;
        tempPaths.push(join(studio.files.incomingDir, name));
        callback(null, name);
      },
    });
    const parse = multer({
      storage,
      defParamCharset: 'utf8',
      limits: { fileSize: limit, files: 1, fields: 10, fieldSize: 64 * 1024 },
    }).single('file');
    let cutOff = false;
    try {
      await new Promise<void>((resolve, reject) => {
        // multer answers a too-large file only once the body ends; a client trickling bytes would hold
        // the connection open indefinitely, so the byte count is checked here as the body arrives.
        const ceiling = multipartBodyLimit(limit);
        if (declaresMoreThan(req, ceiling)) {
          cutOff = true;
          reject(new PayloadTooLargeError(limit));
          return;
        }
        let received = 0;
        req.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > ceiling && !cutOff) {
            cutOff = true;
            reject(new PayloadTooLargeError(limit));
          }
        });
        parse(req, res, (error: unknown) => (error ? reject(toDomainError(error, limit)) : resolve()));
      });
      const file = req.file;
      if (!file)
        throw new InvalidInputError('FILE_MISSING', 'the multipart field "file" is required', [
          { path: 'file', message: 'required' },
        ]);
      const sessionId =
        typeof req.body?.sessionId === 'string' && req.body.sessionId !== ''
          ? (req.body.sessionId as string)
          : undefined;
      const record = await studio.files.upload({ name: file.originalname, sessionId, source: { path: file.path } });
      res.status(201).json(record);
    } catch (error) {
      await Promise.all(tempPaths.map((path) => rm(path, { force: true })));
      const { status, body } = toHttpError(error);
      if (status >= 500) studio.logger.error('upload failed unexpectedly', { error: String(error) });
      // The rest of a cut-off body is not worth reading: answer, then close the connection. The socket
      // is drained for a moment first: destroying it while the client still writes sends a reset that
      // can discard the answer before the client reads it.
      if (cutOff) {
        res.set('Connection', 'close').once('finish', () => {
          req.resume();
          setTimeout(() => req.socket.destroy(), CUT_OFF_DRAIN_MS).unref();
        });
      }
      res.status(status).json(body);
    }
  });
  return route;
}

/** Errors while reading the multipart body (multer limits, or busboy on a malformed body) are the client's. */
function toDomainError(error: unknown, limit: number): Error {
  if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE') return new PayloadTooLargeError(limit);
  if (DomainError.isInstance(error)) return error;
  return new InvalidInputError('BAD_UPLOAD', `the upload could not be read: ${(error as Error).message}`);
}
