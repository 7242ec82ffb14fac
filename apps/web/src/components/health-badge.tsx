import { trpc } from '../trpc';

/** Overall health and the LLM mode, polled every few seconds. */
export function HealthBadge() {
  const health = trpc.health.useQuery(undefined, { refetchInterval: 5000 });
  if (health.isError) return <span className="badge badge-down" role="status">server unreachable</span>;
  if (!health.data) return <span className="badge" role="status">connecting…</span>;
  const llm = health.data.components.llm;
  return (
    <span className={`badge badge-${health.data.status}`} role="status" title={JSON.stringify(health.data.components, null, 2)}>
      {health.data.status} · LLM {llm.status === 'offline' ? 'offline mode' : llm.status} · v{health.data.version}
    </span>
  );
}
