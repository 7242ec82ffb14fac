import { useHealth } from '../hooks/use-health';
import type { ConnectionState } from '../hooks/use-connection';
import { hrefFor } from '../hooks/use-hash-route';
import { isUnauthorized } from '../lib/errors';

const COMPONENT_LABELS = {
  store: 'Database',
  vectorStore: 'Vector store',
  llm: 'Language model',
  embedder: 'Embedder',
  memory: 'Memory',
  eventBus: 'Events',
  tools: 'MCP tools',
} as const;

/** Server health and the live connection, with each component's state listed underneath. */
export function HealthBadge({ connection }: { connection: ConnectionState }) {
  const { health } = useHealth();
  const data = health.data;
  const tone = health.isError ? 'down' : connection === 'reconnecting' ? 'degraded' : (data?.status ?? 'pending');
  const locked = health.isError && isUnauthorized(health.error);
  const label = locked
    ? 'API token needed'
    : health.isError
      ? 'Server unreachable'
      : connection === 'reconnecting'
        ? 'Reconnecting…'
        : data
          ? data.status === 'ok'
            ? 'All systems ok'
            : 'Degraded'
          : 'Connecting…';
  return (
    <div className="health">
      <div className={`health-summary tone-${tone}`} role="status" aria-live="polite">
        <span className="dot" aria-hidden="true" />
        <span className="health-label">{label}</span>
      </div>
      {locked ? (
        <a className="small" href={hrefFor('config')}>
          Enter the token in Configuration
        </a>
      ) : null}
      {data ? (
        <ul className="health-components" aria-label="Components">
          {Object.entries(COMPONENT_LABELS).map(([key, name]) => {
            const component = data.components[key as keyof typeof COMPONENT_LABELS];
            // A server from before the event bus was reported has no such entry.
            if (!component) return null;
            return (
              <li key={key} title={component.detail}>
                <span className={`dot tone-${component.status}`} aria-hidden="true" />
                {name}
                <span className="muted"> · {component.status}</span>
              </li>
            );
          })}
        </ul>
      ) : null}
      {data ? <div className="muted small">v{data.version}</div> : null}
    </div>
  );
}
