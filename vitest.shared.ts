import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));

/**
 * One Vitest setup for every package: integration tests start real servers (Chroma, express,
 * child processes) on a 2-core machine, and each package writes a JSON report that
 * scripts/test-summary.mjs adds up into the closing "N passed, N failed" line.
 */
export function packageTestConfig(configUrl: string) {
  const name = basename(dirname(fileURLToPath(configUrl)));
  return defineConfig({
    test: {
      testTimeout: 60_000,
      hookTimeout: 120_000,
      pool: 'forks',
      maxWorkers: 2,
      env: { MEM0_TELEMETRY: 'false' },
      globalSetup: [join(root, 'scripts/test-cleanup.ts')],
      reporters: ['default', ['json', { outputFile: join(root, '.tmp/test-reports', `${name}.json`) }]],
    },
  });
}
