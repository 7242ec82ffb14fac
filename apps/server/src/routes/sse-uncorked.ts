import type { NextFunction, Request, Response } from 'express';
import { EVENT_STREAM_HEADERS } from './event-stream-headers';

/**
 * Sends each Server-Sent Event the moment tRPC writes it. Node corks a response's socket on every
 * `write` and uncorks it on the next tick, and that tick waits for every promise callback already
 * queued: while an answer gathers memories and file hits (a long chain of them), its `start` and
 * first `token` events sat in the socket buffer for milliseconds. WebSocket frames never waited.
 * It also sets the event-stream headers a reverse proxy needs, whatever tRPC's version sends.
 */
export function sseUncorked(req: Request, res: Response, next: NextFunction): void {
  if (req.headers.accept?.includes('text/event-stream')) {
    res.setHeader('Cache-Control', EVENT_STREAM_HEADERS['cache-control']);
    res.setHeader('X-Accel-Buffering', EVENT_STREAM_HEADERS['x-accel-buffering']);
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    res.write = ((...args: unknown[]) => {
      const accepted = write(...args);
      // The cork from this write; the uncork Node queued for the next tick then finds none.
      if (res.socket?.writableCorked) res.socket.uncork();
      return accepted;
    }) as Response['write'];
  }
  next();
}
