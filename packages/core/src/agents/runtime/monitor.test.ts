import type { MonitoringEvent } from '@studio/shared';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ExecutionMonitor } from './monitor';

const counters = () => ({
  executionId: 'e1',
  activeAgents: 1,
  completedTasks: 0,
  totalTasks: 1,
  tokensUsed: 0,
  tokenBudget: 100,
  elapsedMs: 0,
});

describe('ExecutionMonitor', () => {
  it('reports CPU as a share of the whole machine: never above 100 %, even with every core busy', async () => {
    const samples: MonitoringEvent[] = [];
    const monitor = new ExecutionMonitor(counters, (event) => samples.push(event), 60_000);
    monitor.start();
    // Busy threads on every core: per-core accounting would report up to cores × 100 %.
    const workers = Array.from(
      { length: availableParallelism() },
      () => new Worker('const end = Date.now() + 300; while (Date.now() < end);', { eval: true }),
    );
    await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve))));
    monitor.stop();
    const last = samples.at(-1);
    expect(last).toBeDefined();
    expect(last?.cpuPercent).toBeGreaterThan(0);
    expect(last?.cpuPercent).toBeLessThanOrEqual(100);
  });
});
