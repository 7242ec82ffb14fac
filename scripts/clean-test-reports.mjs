// Removes the previous run's Vitest reports so the closing summary counts this run only.
import { rmSync } from 'node:fs';

rmSync(new URL('../.tmp/test-reports/', import.meta.url), { recursive: true, force: true });
