/** What the page recorded for one streamed answer (times from `performance.now()` in the page). */
export interface ProbeRecord {
  /** First answer text in the DOM. */
  first?: number;
  /** The answer's last word in the DOM: the whole answer is shown. */
  last?: number;
  /** DOM updates of the answer between the two (about one per React commit). */
  commits: number;
  /** [start, duration] of every main-thread task over 50 ms. */
  longTasks: [number, number][];
  /** requestAnimationFrame timestamps. */
  frames: number[];
}

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
  /** Longest main-thread task while the answer streamed (0 when none passed 50 ms). */
  longestTaskMs: number;
  /** Longest gap between animation frames while the answer streamed: how long the view froze. */
  longestFrameGapMs: number;
  commits: number;
}

/** Reduces one answer's record to its figures; `tokens` is how many tokens the model sent. */
export function summarise(record: ProbeRecord, tokens: number): RenderSample {
  const { first, last } = record;
  if (first === undefined || last === undefined) throw new Error('the answer never finished in the page');
  const during = record.longTasks.filter(([start, duration]) => start < last && start + duration > first);
  let longestFrameGapMs = 0;
  for (let index = 1; index < record.frames.length; index += 1) {
    const previous = record.frames[index - 1] ?? 0;
    const current = record.frames[index] ?? 0;
    if (current > first && previous < last) longestFrameGapMs = Math.max(longestFrameGapMs, current - previous);
  }
  return {
    tokensPerSecond: tokens / ((last - first) / 1000),
    longestTaskMs: Math.max(0, ...during.map(([, duration]) => duration)),
    longestFrameGapMs,
    commits: record.commits,
  };
}
