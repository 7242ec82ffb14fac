import { mergeConfig } from 'vitest/config';
import { packageTestConfig } from '../../vitest.shared.ts';

// Browser tests: the global setup builds the web app once; each file drives headless Chromium.
export default mergeConfig(packageTestConfig(import.meta.url), {
  test: {
    include: ['test/**/*.browser.test.ts'],
    globalSetup: ['test/support/build-web.ts'],
    maxWorkers: 1,
  },
});
