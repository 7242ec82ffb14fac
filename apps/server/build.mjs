// Compiles the server for production: `npm start` runs this once, then execs plain `node dist/main.js`
// (no tsx, so no esbuild service process at run time, and SIGTERM reaches the server itself).
// The workspace packages (@studio/*) are bundled from their TypeScript sources; every other package
// stays external and loads from node_modules as installed (some, like @energetic-ai, find their
// weights through __dirname and break when bundled).
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const outdir = fileURLToPath(new URL('./dist/', import.meta.url));

/** Bare imports outside the workspace are left to node's resolution at run time. */
const externalPackages = {
  name: 'external-packages',
  setup(context) {
    context.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@studio/') ? undefined : { path: args.path, external: true },
    );
  },
};

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: {
    main: fileURLToPath(new URL('./src/main.ts', import.meta.url)),
    // Forked by the extraction pool from next to the bundle (see CHILD_ENTRY in extraction-pool.ts).
    'extraction-child': root('packages/core/src/files/extraction/extraction-child.ts'),
  },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [externalPackages],
});
// Loaded as a worker thread by URL from next to the bundle (see WORKER_ENTRY in semantic-embedder.ts).
copyFileSync(root('packages/core/src/embedding/semantic-worker.mjs'), `${outdir}semantic-worker.mjs`);
