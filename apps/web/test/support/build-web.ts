import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { hasChromium } from './chromium';

export const WEB_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** Builds apps/web into dist once per run, so the tests drive the same bundle `npm start` serves. */
export default async function setup(): Promise<void> {
  if (!hasChromium) return;
  await build({ root: WEB_DIR, configFile: `${WEB_DIR}vite.config.ts`, logLevel: 'warn' });
}
