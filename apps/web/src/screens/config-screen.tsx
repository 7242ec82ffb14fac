import { CONFIG_SECTIONS } from '@studio/shared';
import { trpc } from '../trpc';

/** Read-only view of the live configuration; it follows `events.config` so hand edits appear at once. */
export function ConfigScreen() {
  const utils = trpc.useUtils();
  const config = trpc.config.get.useQuery();
  trpc.events.config.useSubscription({}, { onData: () => void utils.config.get.invalidate() });
  return (
    <section aria-labelledby="screen-title">
      <h1 id="screen-title">Configuration</h1>
      {config.data
        ? CONFIG_SECTIONS.map((section) => (
            <article key={section} className="card">
              <h2>{section}</h2>
              <pre>{JSON.stringify(config.data[section], null, 2)}</pre>
            </article>
          ))
        : <p className="muted">Loading…</p>}
    </section>
  );
}
