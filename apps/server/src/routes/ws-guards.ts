import type { WebSocket } from 'ws';
import type { ServerLimits } from '../server-limits';

/** Close codes a client can act on (4000-4999 are the application's own). */
export const WS_CLOSE = {
  /** Not authenticated in time: reconnect with a valid token. */
  authTimeout: { code: 4401, reason: 'not authenticated in time' },
  /** The client read too slowly and its send buffer passed the cap. */
  slowConsumer: { code: 4413, reason: 'send buffer over limit: the client is not reading' },
} as const;

/** How long a closed-for-cause socket may take to flush its close frame before it is cut. */
const CLOSE_GRACE_MS = 5_000;

/**
 * Watches one connection: closes it when it has not authenticated within the time limit, and when
 * the bytes waiting for it pass the cap (a client that stops reading would otherwise grow the
 * server's memory without bound). Returns `authenticated()`, to call once the token checked out.
 */
export function guardWebSocket(
  client: WebSocket,
  limits: Pick<ServerLimits, 'authTimeoutMs' | 'maxBufferedBytes'>,
  onClose: (why: keyof typeof WS_CLOSE) => void,
): { authenticated(): void } {
  const closeFor = (why: keyof typeof WS_CLOSE) => {
    if (client.readyState !== client.OPEN) return;
    onClose(why);
    client.close(WS_CLOSE[why].code, WS_CLOSE[why].reason);
    // A client that does not read will never read the close frame either.
    setTimeout(() => client.terminate(), CLOSE_GRACE_MS).unref();
  };
  const authTimer = setTimeout(() => closeFor('authTimeout'), limits.authTimeoutMs);
  authTimer.unref();
  client.once('close', () => clearTimeout(authTimer));

  const send = client.send.bind(client) as (...args: unknown[]) => void;
  client.send = ((...args: unknown[]) => {
    // Nothing more is queued for a client already being closed: the memory it holds stays bounded.
    if (client.readyState !== client.OPEN) return;
    send(...args);
    if (client.bufferedAmount > limits.maxBufferedBytes) closeFor('slowConsumer');
  }) as WebSocket['send'];

  return { authenticated: () => clearTimeout(authTimer) };
}
