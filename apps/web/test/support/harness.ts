import { createConsoleLogger, createStudio, type Studio, type StudioOptions } from '@studio/core';
import { startFakeLlm, type FakeLlmOptions, type FakeLlmServer } from '@studio/testing';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { startServer, type StudioServer } from '../../../server/src/create-server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

const WEB_DIST = fileURLToPath(new URL('../../dist', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts', import.meta.url));

export interface HarnessOptions {
  llm?: FakeLlmOptions | true;
  studio?: Partial<StudioOptions>;
  apiToken?: string;
}

/**
 * A harness for the enclosing `describe`: started before its tests (then `ready` seeds it), a
 * screenshot left by every failing test, closed after the last one.
 */
export function useHarness(options: HarnessOptions, ready: (harness: Harness) => Promise<void> | void): void {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness(options);
    await ready(harness);
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await harness?.screenshot(`failed-${task.name.replace(/\W+/g, '-')}`);
  });
  afterAll(async () => {
    await harness?.close();
  });
}

export interface Harness {
  studio: Studio;
  server: StudioServer;
  llm?: FakeLlmServer;
  page: Page;
  dataDir: string;
  /** Uncaught page errors and console errors seen so far (minus the ones a test expects). */
  problems: string[];
  /** Console errors matching this are expected by the test (e.g. a 400 it provokes on purpose). */
  allowConsole(pattern: RegExp): void;
  open(hash: string): Promise<void>;
  /** Stops the server and its studio, then starts new ones on the same port and data dir (a restart). */
  restart(): Promise<void>;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real studio (core graph, express, tRPC over HTTP and WS) in a temp data dir, serving the built
 * web app, with headless Chromium pointed at it. Only the language model is faked.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'studio-web-'));
  const llm = options.llm ? await startFakeLlm(options.llm === true ? {} : options.llm) : undefined;
  const boot = async (port: number) => {
    const studio = await createStudio({
      dataDir,
      logger: createConsoleLogger('silent'),
      configDebounceMs: 50,
      llm: llm ? { baseURL: llm.url, apiKey: 'test-key', model: 'fake-model' } : undefined,
      ...options.studio,
    });
    const server = await startServer(studio, {
      host: '127.0.0.1',
      port,
      corsOrigins: [],
      webDistDir: WEB_DIST,
      apiToken: options.apiToken,
    });
    return { studio, server };
  };
  let running = await boot(0);
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const allowed: RegExp[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (!allowed.some((pattern) => pattern.test(text))) problems.push(`console: ${text}`);
  });
  mkdirSync(ARTIFACTS, { recursive: true });

  return {
    get studio() {
      return running.studio;
    },
    get server() {
      return running.server;
    },
    llm,
    page,
    dataDir,
    problems,
    allowConsole: (pattern) => allowed.push(pattern),
    open: async (hash) => {
      await page.goto(`${running.server.url}/${hash}`);
    },
    restart: async () => {
      const port = running.server.port;
      await running.server.close(1000);
      running = await boot(port);
    },
    screenshot: async (name) => {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await browser.close();
      await running.server.close(1000);
      await llm?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Adds a file straight through core (the upload UI has its own test) and waits until it is searchable. */
export async function addFile(harness: Harness, name: string, bytes: Uint8Array): Promise<string> {
  const record = await harness.studio.files.upload({ name, source: { bytes } });
  await vi.waitFor(async () => expect((await harness.studio.files.status(record.fileId)).status).toBe('completed'), {
    timeout: 30_000,
    interval: 50,
  });
  return record.fileId;
}

/**
 * Starts recording every value the page shows in `attribute` (e.g. a file's `data-stage`, a plan
 * node's `data-status`), to prove the view moved through live states rather than jumping to the end.
 */
export async function recordAttribute(page: Harness['page'], attribute: string): Promise<() => Promise<string[]>> {
  await page.evaluate((name) => {
    const seen: string[] = [];
    (window as unknown as { valuesSeen: string[] }).valuesSeen = seen;
    const record = (element: Element) => {
      const value = element.getAttribute(name);
      if (value && seen.at(-1) !== value) seen.push(value);
    };
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        if (mutation.target instanceof Element && mutation.target.hasAttribute(name)) record(mutation.target);
        for (const node of mutation.addedNodes)
          if (node instanceof Element) node.querySelectorAll(`[${name}]`).forEach(record);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: [name] });
  }, attribute);
  return () => page.evaluate(() => (window as unknown as { valuesSeen: string[] }).valuesSeen);
}

/** Starts recording each distinct text the last element matching `selector` shows (streamed text). */
export async function recordTexts(page: Harness['page'], selector: string): Promise<() => Promise<string[]>> {
  await page.evaluate((target) => {
    const seen: string[] = [];
    (window as unknown as { textsSeen: string[] }).textsSeen = seen;
    new MutationObserver(() => {
      const elements = document.querySelectorAll(target);
      const text = elements[elements.length - 1]?.textContent ?? '';
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, selector);
  return () => page.evaluate(() => (window as unknown as { textsSeen: string[] }).textsSeen);
}
