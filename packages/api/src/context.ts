import { createHash, timingSafeEqual } from 'node:crypto';
import type { Studio } from '@studio/core';
import type { SubscriptionBudget } from './subscription-budget';

/** What every procedure receives: the built core graph and whether the caller presented the token. */
export interface ApiContext {
  studio: Studio;
  authorized: boolean;
  /** Set by the WebSocket transport: the connection's cap on live subscriptions. */
  subscriptions?: SubscriptionBudget;
}

/** How a transport tells us who is calling. */
export interface CallerCredentials {
  authorization?: string | string[] | null;
  connectionParams?: Record<string, string | undefined> | null;
}

/**
 * Accepts `Authorization: Bearer <token>` (HTTP) or `{ token }` connection params (WS, SSE).
 * With no token configured, everyone on the loopback interface is trusted.
 */
export function isAuthorized(expectedToken: string | undefined, credentials: CallerCredentials): boolean {
  if (!expectedToken) return true;
  const header = Array.isArray(credentials.authorization) ? credentials.authorization[0] : credentials.authorization;
  const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1];
  const supplied = bearer ?? credentials.connectionParams?.token;
  return typeof supplied === 'string' && timingSafeEqualText(supplied, expectedToken);
}

function timingSafeEqualText(a: string, b: string): boolean {
  // Hashing first gives equal lengths, which timingSafeEqual needs, without leaking the token's length.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(a), digest(b));
}
