import type { MonitoringEvent } from '@studio/shared';
import { formatCount, formatDuration } from '../lib/format';
import { LineChart } from './line-chart';
import { ProgressBar } from './progress-bar';

interface Props {
  samples: MonitoringEvent[];
  /** From the stored execution, for runs that finished before this page was open. */
  fallback?: { tokensUsed: number; tokenBudget: number; totalTasks: number; completedTasks: number };
  /** The run's own start and end (stored): a finished run's elapsed time, whatever samples this page saw. */
  createdAt?: string;
  finishedAt?: string;
}

/** Tokens against the budget, task progress, and the server's memory and CPU while the run goes. */
export function MonitorPanel({ samples, fallback, createdAt, finishedAt }: Props) {
  const latest = samples.at(-1);
  const elapsedMs =
    createdAt && finishedAt ? Date.parse(finishedAt) - Date.parse(createdAt) : (latest?.elapsedMs ?? undefined);
  const tokensUsed = latest?.tokensUsed ?? fallback?.tokensUsed ?? 0;
  const tokenBudget = latest?.tokenBudget ?? fallback?.tokenBudget ?? 0;
  const share = tokenBudget > 0 ? (tokensUsed / tokenBudget) * 100 : 0;
  const completed = latest?.completedTasks ?? fallback?.completedTasks ?? 0;
  const total = latest?.totalTasks ?? fallback?.totalTasks ?? 0;
  return (
    <section className="card" aria-labelledby="monitor-title">
      <div className="card-header">
        <h2 id="monitor-title">Monitor</h2>
        {elapsedMs !== undefined ? (
          <span className="muted small" data-testid="elapsed">
            {formatDuration(elapsedMs)} {finishedAt ? 'in all' : 'elapsed'}
          </span>
        ) : null}
      </div>
      <div className="card-body stack">
        <div className="metric">
          <div className="row">
            <span className="grow">Tokens</span>
            <strong>
              {formatCount(tokensUsed)} / {formatCount(tokenBudget)}
            </strong>
          </div>
          <ProgressBar value={share} label="Tokens used of the budget" tone={share >= 100 ? 'failed' : 'active'} />
        </div>
        <div className="metric-grid">
          <div className="metric-tile">
            <span className="muted small">Tasks done</span>
            <strong>
              {completed} / {total}
            </strong>
          </div>
          <div className="metric-tile">
            <span className="muted small">Active agents</span>
            <strong>{latest?.activeAgents ?? 0}</strong>
          </div>
        </div>
        {samples.length > 0 ? (
          <>
            <LineChart label="Memory (RSS)" unit="MB" tone="accent" values={samples.map((sample) => sample.rssMb)} />
            <LineChart
              label="CPU (share of the machine)"
              unit="%"
              tone="warn"
              values={samples.map((sample) => sample.cpuPercent)}
            />
          </>
        ) : (
          <p className="muted small">Memory and CPU are charted while a run is in progress on this page.</p>
        )}
      </div>
    </section>
  );
}
