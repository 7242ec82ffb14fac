import type { ChatEvent, ExecutionStatus } from '@studio/shared';
import { NotFoundError } from '../errors/not-found-error';
import type { EventBus } from '../events/event-bus';
import { streamEvents } from '../events/stream-events';
import type { LoggedEvent } from './live-execution';
import type { IsOwnerAlive } from './execution-owner';

/** How often a follower checks that the process producing the answer is still there. */
const WATCH_INTERVAL_MS = 2000;
const INTERRUPTED_MESSAGE = 'the server answering this stopped before the answer finished';

export interface RemoteExecutionDeps {
  bus: EventBus;
  isOwnerAlive: IsOwnerAlive;
  state(executionId: string): Promise<{ status: ExecutionStatus; owner: string } | undefined>;
  /** Records every running execution of a dead process as interrupted (the one interruption path). */
  interruptOwner(owner: string): Promise<unknown>;
}

/**
 * The rest of an answer that another server process is producing, from the shared bus: every event
 * after `lastEventId` of the same execution, until `end` or `error`. Should that process die, the
 * follower records the answer as interrupted and ends with an error instead of waiting forever.
 */
export async function* followRemoteExecution(
  deps: RemoteExecutionDeps,
  lastEventId: string,
  signal?: AbortSignal,
): AsyncGenerator<LoggedEvent> {
  const origin = await deps.bus.find('chat-token', lastEventId);
  if (!origin) throw new NotFoundError('event', lastEventId);
  const { executionId, sessionId } = origin.data;
  if (isFinal(origin.data.event)) return;
  const stop = new AbortController();
  const combined = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const watch = setInterval(
    () => void watchOwner(deps, executionId, sessionId).catch(() => undefined),
    WATCH_INTERVAL_MS,
  );
  try {
    for await (const event of streamEvents(deps.bus, 'chat-token', {
      lastEventId,
      signal: combined,
      filter: (data) => data.executionId === executionId,
    })) {
      yield { id: event.id, event: event.data.event };
      if (isFinal(event.data.event)) return;
    }
  } finally {
    clearInterval(watch);
    stop.abort();
  }
}

/** A dead owner's answer never ends by itself: record it and publish the error it ends with. */
async function watchOwner(deps: RemoteExecutionDeps, executionId: string, sessionId: string): Promise<void> {
  const state = await deps.state(executionId);
  if (!state || state.status !== 'running' || (await deps.isOwnerAlive(state.owner))) return;
  await deps.interruptOwner(state.owner);
  await deps.bus.publish('chat-token', {
    sessionId,
    executionId,
    event: { type: 'error', code: 'INTERRUPTED', message: INTERRUPTED_MESSAGE },
  });
}

function isFinal(event: ChatEvent): boolean {
  return event.type === 'end' || event.type === 'error';
}
