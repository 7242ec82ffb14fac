import type { AgentEvent } from '@studio/shared';
import { humanize } from '../lib/format';
import { EmptyState } from './empty-state';
import { ProgressBar } from './progress-bar';

const STEP_BADGE: Record<AgentEvent['status'], string> = {
  started: 'badge',
  thinking: 'badge badge-accent',
  tool_call: 'badge badge-accent',
  tool_result: 'badge',
  retrying: 'badge badge-warn',
  completed: 'badge badge-ok',
  failed: 'badge badge-danger',
};

/** Each agent of the run with its progress and the steps it took, in order. */
export function AgentSteps({ steps, taskNames }: { steps: AgentEvent[]; taskNames: Record<string, string> }) {
  const agents = new Map<string, AgentEvent[]>();
  for (const step of steps) agents.set(step.agentId, [...(agents.get(step.agentId) ?? []), step]);
  return (
    <section className="card" aria-labelledby="steps-title">
      <div className="card-header">
        <h2 id="steps-title">Agents</h2>
        <span className="muted small">{agents.size > 0 ? `${agents.size} agents` : ''}</span>
      </div>
      {agents.size === 0 ? (
        <EmptyState icon="agents" title="No agent steps seen yet">
          Steps appear here live while a plan runs.
        </EmptyState>
      ) : (
        <ul className="list agents-list">
          {[...agents.entries()].map(([agentId, events]) => {
            const latest = events.at(-1);
            if (!latest) return null;
            const tone = latest.status === 'completed' ? 'done' : latest.status === 'failed' ? 'failed' : 'active';
            return (
              <li key={agentId} className="agent" aria-label={`Agent ${agentId}`}>
                <div className="row">
                  <strong className="grow truncate">{taskNames[latest.taskId] ?? latest.taskId}</strong>
                  <span className="muted small">{agentId}</span>
                  <span className={STEP_BADGE[latest.status]}>{humanize(latest.status)}</span>
                </div>
                <div className="row">
                  <ProgressBar value={latest.progress} label={`${agentId} progress`} tone={tone} />
                  <span className="muted small" data-testid="step-count">
                    {latest.status === 'completed'
                      ? `done in ${latest.step} step${latest.step === 1 ? '' : 's'}`
                      : latest.step > 0
                        ? `step ${latest.step} of at most ${latest.maxSteps}`
                        : `up to ${latest.maxSteps} steps`}
                  </span>
                </div>
                <ol className="steps">
                  {events.map((event, index) => (
                    <li key={index} className={`step step-${event.status}`}>
                      <span className="step-dot" aria-hidden="true" />
                      <span className="step-status">{humanize(event.status)}</span>
                      {event.tool ? <code>{event.tool}</code> : null}
                      {event.message ? <span className="muted step-message">{event.message}</span> : null}
                    </li>
                  ))}
                </ol>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
