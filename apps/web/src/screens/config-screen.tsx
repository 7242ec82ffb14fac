import { CONFIG_SECTIONS, type ConfigSectionName } from '@studio/shared';
import { useState } from 'react';
import { ApiTokenCard } from '../components/api-token-card';
import { ConfigSectionForm } from '../components/config-section-form';
import { ErrorNotice } from '../components/error-notice';
import { McpServersPanel } from '../components/mcp-servers-panel';
import { ModelSettingsPanel } from '../components/model-settings-panel';
import { ScreenHeader } from '../components/screen-header';
import { Spinner } from '../components/spinner';
import { hrefFor } from '../hooks/use-hash-route';
import { useToast } from '../hooks/use-toast';
import { messageOf } from '../lib/errors';
import { humanize } from '../lib/format';
import { trpc } from '../trpc';

const SECTION_SUMMARY: Record<ConfigSectionName, string> = {
  orchestrator: 'Limits for one request: iterations, tokens, time.',
  planner: 'How requests are split into tasks.',
  agent_generator: 'Agents: concurrency, steps, tools.',
  context: 'File ingestion, chunking and retrieval.',
  memory: 'Long-term memory and retention.',
  tools: 'MCP servers: tools for agents.',
  llm: 'The language model: provider, model, API key.',
};

/** Section names where `humanize` would read badly. */
const SECTION_TITLE: Partial<Record<ConfigSectionName, string>> = { llm: 'Model' };
const titleOf = (name: ConfigSectionName) => SECTION_TITLE[name] ?? humanize(name);

/**
 * Every configuration section as a form. It follows `events.config`, so a hand edit of the files on
 * disk shows up here at once, and a refused edit is reported.
 */
export function ConfigScreen({ section: requested }: { section?: string }) {
  const section = CONFIG_SECTIONS.find((name) => name === requested) ?? 'orchestrator';
  const utils = trpc.useUtils();
  const toast = useToast();
  const config = trpc.config.get.useQuery();
  // A refused hand edit stays on screen until that section changes again: the file on disk and the
  // values in force now differ, and the user should not miss that.
  const [refused, setRefused] = useState<Partial<Record<ConfigSectionName, string>>>({});
  const reload = trpc.config.reload.useMutation({
    onSuccess: () => {
      void utils.config.get.invalidate();
      toast.show('success', 'Configuration reloaded from disk');
    },
    onError: (error) => toast.show('error', 'Reload failed', messageOf(error)),
  });
  trpc.events.config.useSubscription(
    {},
    {
      onData: ({ data }) => {
        if ('error' in data) {
          setRefused((current) => ({ ...current, [data.section]: data.error }));
          toast.show('error', `Edit of ${humanize(data.section)} refused`, data.error);
          return;
        }
        setRefused(({ [data.section]: _cleared, ...rest }) => rest);
        utils.config.get.setData(undefined, (current) =>
          current ? { ...current, [data.section]: data.values } : current,
        );
        if (data.source === 'file')
          toast.show('info', `${humanize(data.section)} changed on disk`, 'The form shows the new values.');
      },
    },
  );

  return (
    <section className="screen" aria-labelledby="screen-title">
      <ScreenHeader
        title="Configuration"
        subtitle="Changes apply at once and are saved to the config files in the data directory."
      >
        <button type="button" className="button" onClick={() => reload.mutate()} disabled={reload.isPending}>
          {reload.isPending ? 'Reloading…' : 'Reload from disk'}
        </button>
      </ScreenHeader>
      <div className="split">
        <nav aria-label="Sections" className="section-nav">
          <ul>
            {CONFIG_SECTIONS.map((name) => (
              <li key={name}>
                <a href={hrefFor('config', { section: name })} aria-current={name === section ? 'page' : undefined}>
                  <strong>{titleOf(name)}</strong>
                  <span className="muted small">{SECTION_SUMMARY[name]}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="stack">
          {config.isError ? (
            <ErrorNotice
              error={config.error}
              onRetry={() => void config.refetch()}
              title="Could not load the configuration"
            />
          ) : config.data ? (
            <>
              <h2>{titleOf(section)}</h2>
              {refused[section] ? (
                <div className="notice notice-warn" role="alert">
                  <div>
                    <strong>The last edit of {section}.yaml was refused</strong>
                    <p className="muted">{refused[section]}</p>
                  </div>
                </div>
              ) : null}
              {section === 'tools' ? (
                <McpServersPanel servers={config.data.tools.mcp_servers} />
              ) : section === 'llm' ? (
                <ModelSettingsPanel key={JSON.stringify(config.data.llm)} saved={config.data.llm} />
              ) : (
                <ConfigSectionForm key={section} section={section} saved={config.data[section]} />
              )}
            </>
          ) : (
            <Spinner label="Loading configuration…" />
          )}
          <ApiTokenCard />
        </div>
      </div>
    </section>
  );
}
