import type { AgentEvent, MonitoringEvent, PlanGraphEvent } from '@studio/shared';
import { createContext, useContext, useMemo, useState } from 'react';
import { trpc } from '../trpc';

const MAX_STEPS = 300;
const MAX_SAMPLES = 240;
const MAX_EXECUTIONS = 20;

/** What the browser has seen of one execution: its plan, its agents' steps, its resource samples. */
export interface LiveExecution {
  executionId: string;
  sessionId?: string;
  graph?: PlanGraphEvent;
  steps: AgentEvent[];
  samples: MonitoringEvent[];
  seenAt: number;
}

export type LiveExecutions = Record<string, LiveExecution>;

function touch(
  state: LiveExecutions,
  executionId: string,
  change: (current: LiveExecution) => Partial<LiveExecution>,
): LiveExecutions {
  const current = state[executionId] ?? { executionId, steps: [], samples: [], seenAt: Date.now() };
  const next = { ...state, [executionId]: { ...current, ...change(current), seenAt: Date.now() } };
  const ids = Object.keys(next);
  if (ids.length <= MAX_EXECUTIONS) return next;
  // A long session keeps only the most recent runs in memory; older ones are read back from the server.
  const oldest = ids.reduce((a, b) => ((next[a]?.seenAt ?? 0) <= (next[b]?.seenAt ?? 0) ? a : b));
  const { [oldest]: _dropped, ...kept } = next;
  return kept;
}

/**
 * Follows `events.planGraph`, `events.agents` and `events.monitoring` for the whole app, so a plan
 * started from Chat is already drawn when the user opens Agents. Tracked events resume after a
 * reconnect from the last id the link saw.
 */
export function useLiveExecutionsState(): LiveExecutions {
  const [state, setState] = useState<LiveExecutions>({});
  trpc.events.planGraph.useSubscription(
    {},
    {
      onData: ({ data }) =>
        setState((current) => touch(current, data.executionId, () => ({ graph: data, sessionId: data.sessionId }))),
    },
  );
  trpc.events.agents.useSubscription(
    {},
    {
      onData: ({ data }) =>
        setState((current) =>
          touch(current, data.executionId, (execution) => ({ steps: [...execution.steps, data].slice(-MAX_STEPS) })),
        ),
    },
  );
  trpc.events.monitoring.useSubscription(
    {},
    {
      onData: ({ data }) =>
        setState((current) =>
          touch(current, data.executionId, (execution) => ({
            samples: [...execution.samples, data].slice(-MAX_SAMPLES),
          })),
        ),
    },
  );
  return state;
}

/** Provided by the App shell from `useLiveExecutionsState`. */
export const LiveExecutionsContext = createContext<LiveExecutions>({});

/** Every execution seen live, newest first. */
export function useLiveExecutions(): LiveExecution[] {
  const state = useContext(LiveExecutionsContext);
  return useMemo(() => Object.values(state).sort((a, b) => b.seenAt - a.seenAt), [state]);
}

/** One execution as seen live, if any event of it arrived. */
export function useLiveExecution(executionId: string | undefined): LiveExecution | undefined {
  const state = useContext(LiveExecutionsContext);
  return executionId ? state[executionId] : undefined;
}
