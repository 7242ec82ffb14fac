import type { NextFunction, Request, Response } from 'express';

/**
 * Sends each Server-Sent Event the moment tRPC writes it. Node corks a response's socket on every
 * `write` and uncorks it on the next tick, and that tick waits for every promise callback already
 * queued: while an answer gathers memories and file hits (a long chain of them), its `start` and
 * first `token` events sat in the socket buffer for milliseconds. WebSocket frames never waited.
 */
export function sseUncorked(req: Request, res: Response, next: NextFunction): void {
  if (req.headers.accept?.includes('text/event-stream')) {
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
