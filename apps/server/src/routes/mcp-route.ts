import type { Studio } from '@studio/core';
import { handleMcpHttpRequest } from '@studio/core';
import express, { Router } from 'express';

/** JSON-RPC's answer to a method this stateless endpoint does not serve (no sessions, no server stream). */
const methodNotAllowed = {
  jsonrpc: '2.0',
  error: { code: -32000, message: 'Method not allowed: this MCP endpoint is stateless; send requests with POST' },
  id: null,
};

/**
 * `POST /mcp`: the studio as an MCP server over Streamable HTTP (search_files, read_chunk, list_files,
 * recall_memory, save_memory, ask). Mounted behind the same Host/Origin guard and token as `/api`.
 */
export function mcpRoute(studio: Studio): Router {
  const router = Router();
  router.post('/', express.json({ limit: '1mb' }), (req, res, next) => {
    handleMcpHttpRequest(() => studio.createMcpServer(), req, res, req.body).catch(next);
  });
  router.all('/', (_req, res) => {
    res.status(405).set('Allow', 'POST').json(methodNotAllowed);
  });
  return router;
}
