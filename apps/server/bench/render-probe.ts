/** What the page recorded for one streamed answer (times from `performance.now()` in the page). */
export interface ProbeRecord {
  /** First answer text in the DOM. */
  first?: number;
  /** The answer's last word in the DOM: the whole answer is shown. */
  last?: number;
  /** First and last token message handed to the page's JavaScript by its WebSocket. */
  received?: number;
  receivedLast?: number;
  /** DOM updates of the answer between the two (about one per React commit). */
  commits: number;
  /** [start, duration] of every main-thread task over 50 ms. */
  longTasks: [number, number][];
  /** requestAnimationFrame timestamps. */
  frames: number[];
}

/**
 * Installed before the app loads: notes when token messages reach the page's JavaScript, so the time
 * spent getting tokens into a busy browser is told apart from the time spent rendering them.
 */
export const RECEIVE_SCRIPT = `(() => {
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const probe = window.__renderProbe;
        if (!probe || typeof event.data !== 'string' || !event.data.includes('"type":"token"')) return;
        probe.received ??= performance.now();
        probe.receivedLast = performance.now();
      });
    }
  };
})()`;

/**
 * The page-side recorder, installed before a question is sent. It is plain JavaScript text: a
 * function compiled by tsx would carry helper calls (`__name`) that do not exist in the page.
 * It reads only the answer's last block per update, so it adds little work of its own.
 */
export function probeScript(endMark: string): string {
  return `(() => {
    const probe = { first: undefined, last: undefined, commits: 0, longTasks: [], frames: [] };
    window.__renderProbe = probe;
    const endMark = ${JSON.stringify(endMark)};
    const observer = new MutationObserver(() => {
      const element = document.querySelector('.message-assistant .markdown');
      if (!element) return;
      const now = performance.now();
      if (probe.first === undefined) {
        if (!element.textContent) return;
        probe.first = now;
        performance.mark('render-bench-first');
      }
      probe.commits += 1;
      if ((element.lastElementChild?.textContent ?? '').includes(endMark)) {
        probe.last = now;
        performance.mark('render-bench-last');
        observer.disconnect();
      }
    });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: 'longtask' });
    const frame = (time) => {
      probe.frames.push(time);
      if (probe.last === undefined || time < probe.last + 100) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`;
}

export interface RenderSample {
  tokensPerSecond: number;
  /** The rate tokens reached the page's JavaScript (before React). */
  receivedTokensPerSecond: number;
  /** Longest main-thread task while the answer streamed (0 when none passed 50 ms). */
  longestTaskMs: number;
  /** Longest gap between animation frames while the answer streamed: how long the view froze. */
  longestFrameGapMs: number;
  commits: number;
  /** CPU time all of Chromium's processes used for the answer (question to last word, plus 100 ms). */
  browserCpuMs?: number;
}

/** Reduces one answer's record to its figures; `tokens` is how many tokens the model sent. */
export function summarise(record: ProbeRecord, tokens: number): RenderSample {
  const { first, last } = record;
  const { received, receivedLast } = record;
  if (first === undefined || last === undefined || received === undefined || receivedLast === undefined)
    throw new Error('the answer never finished in the page');
  const during = record.longTasks.filter(([start, duration]) => start < last && start + duration > first);
  let longestFrameGapMs = 0;
  for (let index = 1; index < record.frames.length; index += 1) {
    const previous = record.frames[index - 1] ?? 0;
    const current = record.frames[index] ?? 0;
    if (current > first && previous < last) longestFrameGapMs = Math.max(longestFrameGapMs, current - previous);
  }
  return {
    tokensPerSecond: tokens / ((last - first) / 1000),
    receivedTokensPerSecond: tokens / ((receivedLast - received) / 1000),
    longestTaskMs: Math.max(0, ...during.map(([, duration]) => duration)),
    longestFrameGapMs,
    commits: record.commits,
  };
}
