import { percentile, round, type BenchResult } from './bench-types';
import { MARKDOWN_TOKENS, TOKEN_DELAY_MS } from './render-answers';
import type { RenderSample } from './render-probe';

const median = (samples: number[]) => percentile(samples, 50);

/** The render suite's figures, each named with its baseline from the same run. */
export function renderReport(
  samples: { markdown: RenderSample[]; plain: RenderSample[]; markdownClient: number[]; plainClient: number[] },
  rounds: number,
  htmls: string[],
  log: (message: string) => void,
): BenchResult[] {
  const rate = (list: RenderSample[]) => median(list.map((sample) => sample.tokensPerSecond));
  const task = (list: RenderSample[]) => median(list.map((sample) => sample.longestTaskMs));
  const worstTask = (list: RenderSample[]) => Math.max(...list.map((sample) => sample.longestTaskMs));
  const gap = (list: RenderSample[]) => median(list.map((sample) => sample.longestFrameGapMs));
  const commits = (list: RenderSample[]) => median(list.map((sample) => sample.commits));
  const cpu = (list: RenderSample[]) => median(list.map((sample) => sample.browserCpuMs ?? Number.NaN));
  const received = (list: RenderSample[]) => median(list.map((sample) => sample.receivedTokensPerSecond));
  const { markdown, plain } = samples;
  log(
    `markdown: DOM ${round(rate(markdown), 0)} tokens/s (${commits(markdown)} updates), page ${round(received(markdown), 0)} tokens/s, client ${round(median(samples.markdownClient), 0)} tokens/s, ` +
      `longest task p50 ${round(task(markdown))} ms (worst ${round(worstTask(markdown))}), frame gap p50 ${round(gap(markdown))} ms; ` +
      `plain: DOM ${round(rate(plain), 0)} tokens/s (${commits(plain)} updates), page ${round(received(plain), 0)} tokens/s, client ${round(median(samples.plainClient), 0)} tokens/s, ` +
      `longest task p50 ${round(task(plain))} ms; browser CPU per answer ${round(cpu(markdown), 0)} ms Markdown, ${round(cpu(plain), 0)} ms prose; final answer HTML ${htmls.join(', ')}`,
  );
  const note = `${rounds} answer${rounds === 1 ? '' : 's'} of each kind, of ${MARKDOWN_TOKENS} tokens, fake model at ${TOKEN_DELAY_MS} ms/token, built web app in headless Chromium against the real server`;
  const clientNote = `baseline: the same answer read by the plain tRPC client (packages/client, WS) in this run`;
  return [
    {
      name: 'render.markdown_dom_ratio_to_client',
      value: round(rate(markdown) / median(samples.markdownClient)),
      unit: 'ratio',
      note: `tokens/s reaching the chat view's DOM (first to last token shown) ÷ ${clientNote}; target ≥ 0.8. Markdown answer (headings, 7 tables, lists, 7 code blocks). ${note}`,
    },
    {
      name: 'render.markdown_dom_ratio_to_page',
      value: round(rate(markdown) / received(markdown)),
      unit: 'ratio',
      note: `tokens/s reaching the DOM ÷ tokens/s reaching the page's JavaScript over its WebSocket, same answers: 1.0 when the view keeps up with what has arrived. ${note}`,
    },
    {
      name: 'render.page_ratio_to_client',
      value: round(received(markdown) / median(samples.markdownClient)),
      unit: 'ratio',
      note: `tokens/s reaching the page's JavaScript while it renders the Markdown answer ÷ ${clientNote}: what getting tokens into a browser on a loaded machine costs before any rendering. ${note}`,
    },
    {
      name: 'render.markdown_longest_task_ms_p50',
      value: round(task(markdown)),
      unit: 'ms',
      note: `longest main-thread task (PerformanceObserver longtask, 0 if none over 50 ms) while the Markdown answer streamed, median over answers (worst ${round(worstTask(markdown))}); target < 50. ${note}`,
    },
    {
      name: 'render.markdown_frame_gap_ms_p50',
      value: round(gap(markdown)),
      unit: 'ms',
      note: `longest gap between animation frames while the Markdown answer streamed, median over answers; 16.7 is every frame. ${note}`,
    },
    {
      name: 'render.markdown_browser_cpu_ms_p50',
      value: round(cpu(markdown), 0),
      unit: 'ms',
      note: `CPU time of all Chromium processes (renderer, GPU, network; /proc) from sending the question to the last word shown, per Markdown answer, median; baseline: render.plain_browser_cpu_ms_p50. On one machine this CPU is taken from the model and the server. ${note}`,
    },
    {
      name: 'render.plain_browser_cpu_ms_p50',
      value: round(cpu(plain), 0),
      unit: 'ms',
      note: `the same for the prose answer of the same length. ${note}`,
    },
    {
      name: 'render.plain_dom_ratio_to_client',
      value: round(rate(plain) / median(samples.plainClient)),
      unit: 'ratio',
      note: `the same for prose paragraphs of the same length: DOM tokens/s ÷ ${clientNote}. ${note}`,
    },
    {
      name: 'render.plain_longest_task_ms_p50',
      value: round(task(plain)),
      unit: 'ms',
      note: `longest main-thread task while the prose answer streamed, median over answers. ${note}`,
    },
    {
      name: 'render.markdown_ratio_to_plain',
      value: round(rate(markdown) / rate(plain)),
      unit: 'ratio',
      note: `DOM tokens/s of the Markdown answer ÷ of the prose answer: what Markdown rendering costs. ${note}`,
    },
  ];
}
