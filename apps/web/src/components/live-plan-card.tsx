import { hrefFor } from '../hooks/use-hash-route';
import { useLiveExecution } from '../hooks/use-live-executions';
import { PlanGraph } from './plan-graph';

/** Under an answer that was planned: its plan graph, live, with a link to the agents' details. */
export function LivePlanCard({ executionId }: { executionId: string }) {
  const execution = useLiveExecution(executionId);
  const tasks = execution?.graph?.tasks ?? [];
  if (tasks.length < 2) return null;
  const done = tasks.filter((task) => task.status === 'completed').length;
  return (
    <section className="card plan-card" aria-label="Plan of this answer">
      <div className="card-header">
        <h2>
          Plan · {done}/{tasks.length} tasks done
        </h2>
        <a href={hrefFor('agents', { execution: executionId })}>Open in Agents</a>
      </div>
      <div className="card-body">
        <PlanGraph tasks={tasks} />
      </div>
    </section>
  );
}
