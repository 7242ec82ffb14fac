import type { Execution } from '@studio/shared';
import { humanize } from '../lib/format';

type Task = Execution['tasks'][number];

/** What one task was asked to do and what it produced. */
export function TaskDetails({ task }: { task: Task }) {
  return (
    <section className="card" aria-labelledby="task-title">
      <div className="card-header">
        <h2 id="task-title">{task.name}</h2>
        <span className={`badge status-badge status-${task.status}`}>{humanize(task.status)}</span>
      </div>
      <dl className="card-body details">
        <dt>Description</dt>
        <dd>{task.description || '—'}</dd>
        <dt>Expected output</dt>
        <dd>{task.expectedOutput || '—'}</dd>
        <dt>Agent</dt>
        <dd>
          {task.assignedAgent} · complexity {task.complexity} · {task.attempts} attempt{task.attempts === 1 ? '' : 's'}
        </dd>
        {task.tools && task.tools.length > 0 ? (
          <>
            <dt>Tools</dt>
            <dd>{task.tools.join(', ')}</dd>
          </>
        ) : null}
        {task.output ? (
          <>
            <dt>Output</dt>
            <dd className="task-output">{task.output}</dd>
          </>
        ) : null}
        {task.error ? (
          <>
            <dt>Error</dt>
            <dd className="field-error">{task.error}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
