import { appRouter, isAuthorized, SubscriptionBudget, type ApiContext } from '@studio/api';
import type { Studio } from '@studio/core';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import cors from 'cors';
import express from 'express';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ServerEnv } from './env';
import { requireToken } from './routes/auth';
import { admitUpgrade, createHostOriginCheck, hostOriginGuard } from './routes/host-origin-guard';
import { jsonErrors, notFound } from './routes/json-errors';
import { trpcBatchLimit } from './routes/trpc-batch-limit';
import { trpcResponseLimit } from './routes/trpc-response-limit';
import { guardWebSocket } from './routes/ws-guards';
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from './server-limits';
import { sseUncorked } from './routes/sse-uncorked';
import { trpcBodyLimit } from './routes/trpc-body-limit';
import { healthRoute } from './routes/health-route';
import { openAICompatRoute } from './routes/openai-compat-route';
import { uploadRoute } from './routes/upload-route';
import { fileContentRoute } from './routes/file-content-route';
import { mcpRoute } from './routes/mcp-route';
import { webAppRoute } from './routes/web-app';

const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface StudioServer {
  readonly url: string;
  readonly port: number;
  /** Graceful stop: clients told to reconnect, work finished or recorded, everything closed. */
  close(graceMs?: number): Promise<{ interrupted: string[] }>;
}

export type ServerSettings = Pick<ServerEnv, 'host' | 'port' | 'apiToken' | 'corsOrigins' | 'webDistDir'> &
  Partial<Pick<ServerEnv, 'allowedHosts'>> & {
    /** Per-client limits; the defaults unless a test needs them small. */
    limits?: Partial<ServerLimits>;
  };

/** Mounts express, tRPC over HTTP and SSE, and tRPC over WebSocket on one port. */
export async function startServer(studio: Studio, settings: ServerSettings): Promise<StudioServer> {
  const limits: ServerLimits = { ...DEFAULT_SERVER_LIMITS, ...settings.limits };
  /** Every request and upgrade passes this first; `POST /mcp` and any later route get it too. */
  const checkHostAndOrigin = createHostOriginCheck({
    boundHost: settings.host,
    allowedHosts: settings.allowedHosts ?? [],
    corsOrigins: settings.corsOrigins,
  });
  const app = express();
  app.disable('x-powered-by');
  app.use(hostOriginGuard(checkHostAndOrigin));
  app.use(
    cors({
      origin: (origin, callback) =>
        callback(null, !origin || settings.corsOrigins.includes(origin) ? (origin ?? false) : false),
      credentials: true,
    }),
  );

  // A user sees "internal error"; the operator needs the real cause in the log.
  const logUnexpected = ({
    error,
    path,
  }: {
    error: { code: string; cause?: unknown; message: string };
    path?: string;
  }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      studio.logger.error(`unexpected error in ${path ?? 'a request'}`, {
        error: String(error.cause ?? error.message),
      });
    }
  };
  const createContext = (
    req: IncomingMessage,
    connectionParams: Record<string, string | undefined> | null,
  ): ApiContext => ({
    studio,
    authorized: isAuthorized(settings.apiToken, { authorization: req.headers.authorization, connectionParams }),
  });

  // tRPC first: every call then skips the other routers' path matching (the paths never overlap).
  app.use(
    '/trpc',
    trpcBatchLimit(limits.maxBatchCalls),
    trpcBodyLimit(() => studio.files.maxUploadBytes()),
    trpcResponseLimit(() => limits.maxResponseBytes),
    sseUncorked,
    createExpressMiddleware({
      router: appRouter,
      createContext: ({ req, info }) => createContext(req, info.connectionParams),
      onError: logUnexpected,
      // Sizes are checked by trpcBodyLimit, which knows the live upload limit.
      maxBodySize: undefined,
    }),
  );
  app.use('/api', requireToken(settings.apiToken));
  app.use('/api', uploadRoute(studio));
  app.use('/api', fileContentRoute(studio));
  app.use(healthRoute(studio));
  app.use('/v1', requireToken(settings.apiToken));
  app.use(openAICompatRoute(studio));
  app.use('/mcp', requireToken(settings.apiToken), mcpRoute(studio));
  app.use(webAppRoute(settings.webDistDir ?? DEFAULT_WEB_DIST));
  app.use(notFound);
  app.use(jsonErrors(studio.logger));

  // SSE subscriptions carry their input in the URL: a long chat message (up to 100k characters,
  // percent-encoded) must fit, so the header limit is raised from Node's 16 KB.
  const httpServer = createServer({ maxHeaderSize: 1024 * 1024 }, app);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  // Registered before tRPC's own listener, so the guards see every frame tRPC sends.
  const guards = new WeakMap<WebSocket, { authenticated(): void }>();
  wss.on('connection', (client, req) => {
    const guard = guardWebSocket(client, limits, (why) =>
      studio.logger.warn(`closed a WebSocket: ${why}`, { remote: req.socket.remoteAddress }),
    );
    guards.set(client, guard);
  });
  const wsHandler = applyWSSHandler({
    wss,
    router: appRouter,
    createContext: ({ req, res, info }) => {
      const context = createContext(req, info.connectionParams);
      if (context.authorized) guards.get(res)?.authenticated();
      return { ...context, subscriptions: new SubscriptionBudget(limits.maxSubscriptions) };
    },
    onError: logUnexpected,
    keepAlive: { enabled: true, pingMs: 15_000, pongWaitMs: 5_000 },
  });
  httpServer.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/trpc' && path !== '/trpc/') {
      socket.destroy();
      return;
    }
    if (!admitUpgrade(checkHostAndOrigin, req, socket)) return;
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(settings.port, settings.host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<{ interrupted: string[] }> | undefined;
  const close = (graceMs = 3500) => {
    closing ??= (async () => {
      wsHandler.broadcastReconnectNotification();
      const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      const result = await studio.close(graceMs);
      for (const client of wss.clients) client.terminate();
      wss.close();
      httpServer.closeAllConnections();
      await stopped;
      return result;
    })();
    return closing;
  };

  return { url: `http://${hostForUrl}:${address.port}`, port: address.port, close };
}
