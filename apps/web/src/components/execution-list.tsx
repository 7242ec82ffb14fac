import type { Execution } from '@studio/shared';
import { hrefFor } from '../hooks/use-hash-route';
import { formatRelative, humanize } from '../lib/format';

const STATUS_BADGE: Record<Execution['status'], string> = {
  running: 'badge badge-accent',
  completed: 'badge badge-ok',
  failed: 'badge badge-danger',
  cancelled: 'badge badge-warn',
  interrupted: 'badge badge-warn',
};

/** A run is named by what was asked; its kind and size are the detail line. */
export function titleOf(execution: Execution): string {
  const request = execution.request?.replace(/\s+/g, ' ').trim();
  if (request) return request;
  if (execution.kind === 'direct') return 'Direct answer';
  if (execution.kind === 'workflow') return `Workflow${execution.workflow ? ` · ${humanize(execution.workflow)}` : ''}`;
  return 'Plan';
}

function kindOf(execution: Execution): string {
  if (execution.kind === 'direct') return 'direct answer';
  if (execution.kind === 'workflow') return `workflow${execution.workflow ? ` ${humanize(execution.workflow)}` : ''}`;
  return `plan · ${execution.tasks.length} task${execution.tasks.length === 1 ? '' : 's'}`;
}

/** Recent runs, newest first; the selected one is shown in detail. */
export function ExecutionList({ items, selected }: { items: Execution[]; selected?: string }) {
  return (
    <nav className="section-nav executions" aria-label="Runs">
      <ul>
        {items.map((execution) => (
          <li key={execution.executionId}>
            <a
              href={hrefFor('agents', { execution: execution.executionId })}
              aria-current={execution.executionId === selected ? 'page' : undefined}
            >
              <span className="row">
                <strong className="grow truncate" title={titleOf(execution)}>
                  {titleOf(execution)}
                </strong>
                <span className={STATUS_BADGE[execution.status]}>{humanize(execution.status)}</span>
              </span>
              <span className="muted small">
                {kindOf(execution)} · {formatRelative(execution.createdAt)} · {execution.tokensUsed} tokens
              </span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
