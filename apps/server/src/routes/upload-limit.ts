import type { IncomingMessage } from 'node:http';

/** Room for multipart boundaries, part headers and the small `sessionId` field beyond the file's own bytes. */
export const MULTIPART_SLACK_BYTES = 64 * 1024;

/**
 * The most bytes a multipart upload body may hold when a file may hold `maxFileBytes`
 * (`files.maxUploadBytes()`): both upload paths, `POST /api/files` and tRPC's `files.upload`, refuse
 * a body past it before reading it whole; core checks the file's own size.
 */
export function multipartBodyLimit(maxFileBytes: number): number {
  return maxFileBytes + MULTIPART_SLACK_BYTES;
}

/** Whether the request says (Content-Length) that its body is longer than `limit`: refused unread. */
export function declaresMoreThan(req: IncomingMessage, limit: number): boolean {
  return Number(req.headers['content-length'] ?? 0) > limit;
}
