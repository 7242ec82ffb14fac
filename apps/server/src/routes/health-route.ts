import type { Studio } from '@studio/core';
import type { Router } from 'express';
import express from 'express';

/** `GET /api/health`: the same answer as the `health` procedure, for curl and load balancers. */
export function healthRoute(studio: Studio): Router {
  const route = express.Router();
  route.get('/api/health', async (_req, res) => {
    const health = await studio.health.check();
    res.status(200).json(health);
  });
  return route;
}
