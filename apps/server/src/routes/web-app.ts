import express, { type Router } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Serves the built web app at `/`, with client-side routes falling back to index.html. */
export function webAppRoute(distDir: string): Router {
  const route = express.Router();
  const index = join(distDir, 'index.html');
  route.use(express.static(distDir, { index: 'index.html', maxAge: '1h' }));
  route.get(/^\/(?!api\/|trpc\/|trpc$|v1\/).*/, (_req, res) => {
    if (!existsSync(index)) {
      res
        .status(503)
        .type('text/plain')
        .send('The web app is not built yet: run `npm start` from the project root (it builds apps/web first).');
      return;
    }
    res.sendFile(index);
  });
  return route;
}
