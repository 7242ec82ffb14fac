import { defineConfig } from 'vitest/config';

// Integration tests start real servers (Chroma, express, child processes) on a 2-core machine.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    env: { MEM0_TELEMETRY: 'false' },
  },
});
