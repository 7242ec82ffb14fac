import { createConsoleLogger, createStudio } from '@studio/core';
import { startFakeLlm, type ChatRequest } from '@studio/testing';
import { performance } from 'node:perf_hooks';
import { percentile, round, type BenchResult, type BenchSuite } from './bench-types';

/** Every agent's model call takes this long, so parallelism shows in wall time. */
const AGENT_DELAY_MS = 100;
/** One run long enough to see the monitor's cadence. */
const SLOW_AGENT_MS = 1500;

const taskOf = (request: ChatRequest) =>
  request.response_format?.json_schema?.name === 'plan'
    ? 'planner'
    : (/Task: (.+?)\.\n/.exec(String(request.messages[0]?.content ?? ''))?.[1] ?? '');
const planTask = (id: string, name: string, dependencies: string[] = []) => ({
  id,
  name,
  description: name,
  dependencies,
  expectedOutput: 'facts',
  successCriteria: 'sourced',
  assignedAgent: 'researcher',
  complexity: 2,
});

const suite: BenchSuite = {
  name: 'agents',
  async run({ quick, workDir, log }) {
    const iterations = quick ? 5 : 20;
    const llm = await startFakeLlm({
      respond: (request) =>
        taskOf(request) === 'planner'
          ? { json: { tasks: [planTask('a', 'Task A'), planTask('b', 'Task B'), planTask('c', 'Task C', ['a', 'b'])] } }
          : {
              content: `${taskOf(request)} done.`,
              delayMs: String(request.messages[1]?.content ?? '').includes('slowly') ? SLOW_AGENT_MS : AGENT_DELAY_MS,
            },
    });
    const online = await createStudio({
      dataDir: `${workDir}/online`,
      logger: createConsoleLogger('error'),
      watchConfig: false,
      llm: { baseURL: llm.url, model: 'fake' },
    });
    const offline = await createStudio({
      dataDir: `${workDir}/offline`,
      logger: createConsoleLogger('error'),
      watchConfig: false,
    });
    const samples: number[] = [];
    const offlineSamples: number[] = [];
    const sampledAt: number[] = [];
    const unsubscribe = online.bus.subscribe('monitor-sample', () => void sampledAt.push(performance.now()));
    let slowestGap: number;
    try {
      await online.chat.send({ message: 'First do A and B slowly, then do C with both.' });
      slowestGap = Math.max(...sampledAt.slice(1).map((at, index) => at - (sampledAt[index] ?? at)));
      for (let index = 0; index < iterations + 2; index += 1) {
        const started = performance.now();
        const sent = await online.chat.send({ message: 'First do A and B, then do C with both.' });
        if (sent.reply !== 'Task C done.') throw new Error(`unexpected reply ${sent.reply}`);
        if (index >= 2) samples.push(performance.now() - started);
        const offlineStarted = performance.now();
        await offline.chat.send({ message: 'What is 12 * (3 + 4)? What is 2 ^ 10? What is 7 * 6?' });
        if (index >= 2) offlineSamples.push(performance.now() - offlineStarted);
      }
    } finally {
      unsubscribe();
      await online.close(1000);
      await offline.close(1000);
      await llm.stop();
    }
    // Sequential lower bound: three agent calls of AGENT_DELAY_MS each; with the pair in parallel it is two.
    const p50 = percentile(samples, 50);
    const overhead = p50 - 2 * AGENT_DELAY_MS;
    log(
      `plan p50 ${round(p50)} ms (two sequential agent waves of ${AGENT_DELAY_MS} ms = ${2 * AGENT_DELAY_MS} ms), offline 3-task plan p50 ${round(percentile(offlineSamples, 50))} ms`,
    );
    const note = `${iterations} chat.send runs of a 3-task plan (parallel pair + dependent), fake model replying after ${AGENT_DELAY_MS} ms per agent call`;
    const results: BenchResult[] = [
      {
        name: 'agents.plan_wall_ms_p50',
        value: round(p50),
        unit: 'ms',
        note: `${note}; sequential would be ≥ ${3 * AGENT_DELAY_MS} ms, parallel floor ${2 * AGENT_DELAY_MS} ms`,
      },
      {
        name: 'agents.plan_overhead_ms_p50',
        value: round(overhead),
        unit: 'ms',
        note: `plan wall time minus the parallel floor (planning call, scheduling, SQLite writes, events). ${note}`,
      },
      {
        name: 'agents.offline_plan_ms_p50',
        value: round(percentile(offlineSamples, 50)),
        unit: 'ms',
        note: `${iterations} offline chat.send runs of three independent calculator tasks`,
      },
      {
        name: 'agents.monitor_max_gap_ms',
        value: round(slowestGap),
        unit: 'ms',
        note: `longest gap between monitor-sample events during a ${2 * SLOW_AGENT_MS} ms plan; contract: at most 1000`,
      },
    ];
    return results;
  },
};

export default suite;
