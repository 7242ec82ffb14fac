/**
 * The headers of every Server-Sent Events answer. Behind a reverse proxy each event must pass at
 * once: `X-Accel-Buffering: no` tells nginx (which keeps its default response buffering) not to
 * buffer this response, and `no-transform` keeps a compressing proxy from holding events back.
 * tRPC's own SSE answers carry the same three.
 */
export const EVENT_STREAM_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
} as const;
