/** Dependency rules the architecture relies on (../shared/STYLE.md): checked by `npm run lint:arch` in CI. */
module.exports = {
  forbidden: [
    {
      name: 'no-transport-in-core',
      comment:
        'packages/core holds domain logic only: HTTP, tRPC and WebSocket belong to packages/api and apps/server.',
      severity: 'error',
      from: { path: '^packages/core/' },
      to: { path: 'node_modules/(@trpc/|express|ws/|multer)' },
    },
    {
      name: 'store-imports-no-domain',
      comment: 'store/ is infrastructure: the migrations of each domain are gathered at the composition root.',
      severity: 'error',
      from: { path: '^packages/core/src/store/' },
      to: { path: '^packages/core/src/(?!store/)' },
    },
    {
      name: 'shared-imports-only-zod',
      comment: 'packages/shared is schemas and their types; it must stay importable by the browser.',
      severity: 'error',
      from: { path: '^packages/shared/src/' },
      to: { path: '^(packages/(?!shared/)|apps/)' },
    },
    {
      name: 'web-imports-no-server-code',
      comment: 'The web app takes only types from packages/api and runtime code from packages/shared.',
      severity: 'error',
      from: { path: '^apps/web/src/' },
      to: { path: '^(packages/(core|testing)/|apps/server/)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'core-only-through-its-public-api',
      comment:
        "Other packages use core through '@studio/core' (packages/core/src/index.ts), never a deep path: its internals may move.",
      severity: 'error',
      from: { path: '^(apps|packages/(?!core/))' },
      to: { path: '^packages/core/', pathNot: '^packages/core/src/index[.]ts$' },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles make start-up order and testing fragile.',
      severity: 'error',
      from: { path: '^(packages|apps)/' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
