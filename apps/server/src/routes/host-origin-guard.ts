import type { RequestHandler } from 'express';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { networkInterfaces } from 'node:os';
import { sendRouteError } from './route-errors';

/** Who may reach the studio: the names a request's `Host` may carry and the foreign origins allowed. */
export interface HostOriginPolicy {
  /** The address the server listens on (`HOST`). */
  boundHost: string;
  /** Extra host names accepted (`ALLOWED_HOSTS`). */
  allowedHosts: readonly string[];
  /** Browser origins other than the studio's own allowed to call it (`CORS_ORIGINS`). */
  corsOrigins: readonly string[];
}

export interface Refusal {
  code: 'HOST_NOT_ALLOWED' | 'ORIGIN_NOT_ALLOWED';
  message: string;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const WILDCARD_ADDRESSES = new Set(['', '0.0.0.0', '::']);

/**
 * Builds the check run on every request and WebSocket upgrade. The `Host` check defeats DNS
 * rebinding (a foreign page whose name now points at 127.0.0.1 still sends its own name); the
 * `Origin` check refuses what a foreign page sends straight to 127.0.0.1 (forms, fetch, WebSocket).
 */
export function createHostOriginCheck(policy: HostOriginPolicy): (headers: IncomingHttpHeaders) => Refusal | undefined {
  const hosts = new Set([...LOOPBACK_NAMES, ...policy.allowedHosts].map(normaliseHostName));
  const boundHost = normaliseHostName(policy.boundHost);
  if (WILDCARD_ADDRESSES.has(boundHost)) {
    // Listening everywhere: this machine's own addresses are its names (an IP literal cannot be rebound).
    for (const addresses of Object.values(networkInterfaces())) {
      for (const address of addresses ?? []) hosts.add(normaliseHostName(address.address));
    }
  } else {
    hosts.add(boundHost);
  }
  const corsOrigins = new Set(policy.corsOrigins);

  return (headers) => {
    const host = headers.host;
    if (!host || !hosts.has(hostNameOf(host))) {
      return {
        code: 'HOST_NOT_ALLOWED',
        message: `the Host header "${host ?? ''}" is not a name of this studio; add it to ALLOWED_HOSTS to allow it`,
      };
    }
    const origin = headers.origin;
    if (origin !== undefined) {
      const own = origin === `http://${host}` || origin === `https://${host}`;
      if (!own && !corsOrigins.has(origin)) {
        return {
          code: 'ORIGIN_NOT_ALLOWED',
          message: `requests from the origin "${origin}" are not allowed; add it to CORS_ORIGINS to allow it`,
        };
      }
      return undefined;
    }
    // A browser sends no Origin on some cross-site requests (a script or image tag); it does say cross-site.
    if (headers['sec-fetch-site'] === 'cross-site' && headers['sec-fetch-mode'] !== 'navigate') {
      return { code: 'ORIGIN_NOT_ALLOWED', message: 'cross-site requests without an allowed Origin are refused' };
    }
    return undefined;
  };
}

/** The express middleware form: every route behind it answers 403 JSON to a foreign Host or Origin. */
export function hostOriginGuard(check: (headers: IncomingHttpHeaders) => Refusal | undefined): RequestHandler {
  return (req, res, next) => {
    const refusal = check(req.headers);
    if (!refusal) return next();
    sendRouteError(req, res, 403, refusal.code, refusal.message);
  };
}

/** For `upgrade` handlers: answers 403 on the raw socket and returns false when the request is refused. */
export function admitUpgrade(
  check: (headers: IncomingHttpHeaders) => Refusal | undefined,
  req: IncomingMessage,
  socket: Duplex,
): boolean {
  const refusal = check(req.headers);
  if (!refusal) return true;
  const body = JSON.stringify({ error: refusal });
  socket.end(
    `HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  return false;
}

function hostNameOf(hostHeader: string): string {
  const bracketed = hostHeader.match(/^\[([^\]]+)\](?::\d+)?$/);
  if (bracketed?.[1]) return normaliseHostName(bracketed[1]);
  return normaliseHostName(hostHeader.replace(/:\d+$/, ''));
}

function normaliseHostName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}
