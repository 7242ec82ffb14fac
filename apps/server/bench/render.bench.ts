import { createStudioClient, type StudioClient } from '@studio/client';
import type { ChatEvent } from '@studio/shared';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, hasChromium } from '../../web/test/support/chromium';
import { startModelAndStudio, stopChild } from './bench-processes';
import type { BenchSuite } from './bench-types';
import { findChildPid, processTreeCpuMs } from './process-cpu';
import { END_MARK, MARKDOWN_TOKENS, PLAIN_TOKENS, TOKEN_DELAY_MS } from './render-answers';
import { probeScript, RECEIVE_SCRIPT, summarise, type ProbeRecord, type RenderSample } from './render-probe';
import { renderReport } from './render-report';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Builds apps/web as the browser tests do, so the bench drives the bundle `npm start` serves. */
function buildWeb(): Promise<void> {
  const child = spawn('npm', ['run', 'build', '--silent', '--workspace', '@studio/web'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`web build failed: ${output}`)))),
  );
}

/** One answer in the chat view of a fresh chat, from question to its last word on screen. */
async function inBrowser(
  page: Page,
  question: string,
  tokens: number,
  browserPid: number | undefined,
): Promise<RenderSample & { html: string }> {
  await page.getByRole('link', { name: 'New chat' }).click();
  await page.locator('.message-assistant').first().waitFor({ state: 'detached' });
  await page.evaluate(probeScript(END_MARK));
  const cpuBefore = browserPid === undefined ? Number.NaN : processTreeCpuMs(browserPid);
  await page.getByRole('textbox', { name: 'Message' }).fill(question);
  await page.keyboard.press('Enter');
  // Polling by interval, not per frame, so the wait itself does not load the page's main thread.
  await page.waitForFunction('window.__renderProbe.last !== undefined', undefined, { polling: 200, timeout: 60_000 });
  await page.waitForTimeout(100); // long-task entries are delivered after the task
  const record = await page.evaluate<ProbeRecord>('window.__renderProbe');
  const cpuMs = browserPid === undefined ? Number.NaN : processTreeCpuMs(browserPid) - cpuBefore;
  const html = await page.locator('.message-assistant .markdown').first().innerHTML();
  return { ...summarise(record, tokens), browserCpuMs: cpuMs, html };
}

/** The same kind of answer read by a plain tRPC client (packages/client over WS): the baseline. */
function throughClient(client: StudioClient, question: string, tokens: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let first: number | undefined;
    let text = '';
    const subscription = client.trpc.chat.stream.subscribe(
      { message: question },
      {
        onData: ({ data }: { data: ChatEvent }) => {
          // The server may send several model tokens in one event, so the rate is the model's tokens over time.
          if (data.type === 'token') {
            first ??= performance.now();
            text += data.text;
          } else if (data.type === 'end' || data.type === 'error') {
            const ended = performance.now();
            subscription.unsubscribe();
            if (data.type === 'error' || first === undefined || !text.endsWith(END_MARK))
              reject(new Error(`chat.stream failed: ${JSON.stringify(data).slice(0, 200)}`));
            else resolve(tokens / ((ended - first) / 1000));
          }
        },
        onError: reject,
      },
    );
  });
}

/** A pause after each answer, so its background memory capture does not disturb the next sample. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));
const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

const suite: BenchSuite = {
  name: 'render',
  async run({ quick, workDir, log }) {
    if (!hasChromium) {
      log(`skipped: no Chromium at ${CHROMIUM_PATH}`);
      return [];
    }
    const rounds = quick ? 1 : 5;
    await buildWeb();
    const { llm, server } = await startModelAndStudio(
      'bench/render-fake-llm-process.ts',
      { TOKEN_DELAY_MS: String(TOKEN_DELAY_MS) },
      workDir,
    );
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    // Playwright starts Chromium with a debugging pipe: that child and its descendants are the browser.
    const browserPid = findChildPid((commandLine) => commandLine.includes('--remote-debugging-pipe'));
    const client = createStudioClient({ url: server.url });
    const samples = {
      markdown: [] as RenderSample[],
      plain: [] as RenderSample[],
      markdownClient: [] as number[],
      plainClient: [] as number[],
    };
    const htmls = new Set<string>();
    try {
      const page = await (await browser.newContext({ viewport: { width: 1360, height: 860 } })).newPage();
      await page.addInitScript(RECEIVE_SCRIPT);
      await page.goto(`${server.url}/#/chat`);
      // Warm-up: JIT, the highlighter's first use, connection set-up.
      await inBrowser(page, 'bench markdown', MARKDOWN_TOKENS, browserPid);
      await settle();
      // Interleaved, so drift in machine load hits every path alike.
      for (let index = 0; index < rounds; index += 1) {
        const markdown = await inBrowser(page, 'bench markdown', MARKDOWN_TOKENS, browserPid);
        htmls.add(hash(markdown.html));
        samples.markdown.push(markdown);
        await settle();
        samples.markdownClient.push(await throughClient(client, 'bench markdown', MARKDOWN_TOKENS));
        await settle();
        samples.plain.push(await inBrowser(page, 'bench plain', PLAIN_TOKENS, browserPid));
        await settle();
        samples.plainClient.push(await throughClient(client, 'bench plain', PLAIN_TOKENS));
        await settle();
      }
    } finally {
      client.close();
      await browser.close();
      await stopChild(server.child);
      await stopChild(llm.child);
    }
    return renderReport(samples, rounds, [...htmls], log);
  },
};

export default suite;
