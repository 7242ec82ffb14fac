import type { McpServerConfig, McpServerStatus, ToolInfo } from '@studio/shared';
import { useState, type FormEvent } from 'react';
import { useToast } from '../hooks/use-toast';
import { messageOf } from '../lib/errors';
import { EMPTY_DRAFT, parseDraft, type McpServerDraft } from '../lib/mcp-server-form';
import { trpc } from '../trpc';
import { ErrorNotice } from './error-notice';
import { Spinner } from './spinner';

/**
 * The `tools` section: MCP servers with their live state and tools, a form to add one, a switch to
 * enable or disable each, and a "try it" box per tool. Secrets come back masked and are kept as they are.
 */
export function McpServersPanel({ servers }: { servers: McpServerConfig[] }) {
  const utils = trpc.useUtils();
  const toast = useToast();
  // Connections change on their own (a crash, a reconnect): poll while the panel is open.
  const list = trpc.tools.list.useQuery({}, { refetchInterval: 2000 });
  const update = trpc.config.update.useMutation({
    onSuccess: () => {
      void utils.config.get.invalidate();
      void utils.tools.list.invalidate();
    },
    onError: (error) => toast.show('error', 'Could not save the MCP servers', messageOf(error)),
  });
  // The switch moves at once; the server's answer (or a refusal) settles it.
  const [switching, setSwitching] = useState<Record<string, boolean>>({});
  const save = (next: McpServerConfig[], message: string, onSettled?: () => void) =>
    update.mutate(
      { section: 'tools', values: { mcp_servers: next } },
      {
        onSuccess: () => toast.show('success', message, 'Applied at once and written to tools.yaml.'),
        ...(onSettled ? { onSettled } : {}),
      },
    );
  const statusOf = (name: string) => list.data?.servers.find((status) => status.name === name);

  return (
    <div className="stack">
      <div className="card card-body stack">
        <h3>MCP servers</h3>
        {servers.length === 0 ? <p className="muted">No MCP servers yet. Add one below.</p> : null}
        <ul className="stack">
          {servers.map((server) => (
            <li key={server.name} className="row mcp-server-row">
              <div className="grow stack-tight">
                <strong>{server.name}</strong>
                <span className="muted small">
                  {server.transport === 'stdio' ? `${server.command ?? ''} ${server.args.join(' ')}` : server.url}
                </span>
                <ServerState status={statusOf(server.name)} enabled={switching[server.name] ?? server.enabled} />
              </div>
              <label className="row small">
                <input
                  type="checkbox"
                  checked={switching[server.name] ?? server.enabled}
                  disabled={update.isPending}
                  onChange={(event) => {
                    const enabled = event.target.checked;
                    setSwitching((current) => ({ ...current, [server.name]: enabled }));
                    save(
                      servers.map((entry) => (entry.name === server.name ? { ...entry, enabled } : entry)),
                      `${server.name} ${enabled ? 'enabled' : 'disabled'}`,
                      () => setSwitching(({ [server.name]: _settled, ...rest }) => rest),
                    );
                  }}
                />
                Enabled
              </label>
              <button
                type="button"
                className="button"
                disabled={update.isPending}
                onClick={() =>
                  save(
                    servers.filter((entry) => entry.name !== server.name),
                    `${server.name} removed`,
                  )
                }
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      </div>
      <AddServerForm
        busy={update.isPending}
        onAdd={(server) => save([...servers, server], `${server.name} added`)}
        taken={servers.map((server) => server.name)}
      />
      <div className="card card-body stack">
        <h3>Tools agents can use</h3>
        {list.isError ? (
          <ErrorNotice error={list.error} onRetry={() => void list.refetch()} title="Could not list the tools" />
        ) : list.data ? (
          <ul className="stack">
            {list.data.items.map((tool) => (
              <ToolRow key={`${tool.server}/${tool.name}`} tool={tool} />
            ))}
          </ul>
        ) : (
          <Spinner label="Loading tools…" />
        )}
      </div>
    </div>
  );
}

function ServerState({ status, enabled }: { status?: McpServerStatus; enabled: boolean }) {
  if (!enabled) return <span className="small muted">disabled</span>;
  if (!status) return <span className="small muted">…</span>;
  if (status.state === 'connected')
    return <span className="small status-completed">connected · {status.toolCount} tools</span>;
  if (status.state === 'failed')
    return (
      <span className="small status-failed" role="status">
        failed: {status.error ?? 'unknown reason'} (retrying, attempt {status.attempts})
      </span>
    );
  return <span className="small status-running">{status.state}…</span>;
}

function ToolRow({ tool }: { tool: ToolInfo }) {
  const [open, setOpen] = useState(false);
  const [input, setInput] = useState('{}');
  const [inputError, setInputError] = useState<string>();
  const invoke = trpc.tools.invoke.useMutation();
  const run = (event: FormEvent) => {
    event.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch {
      setInputError('The input must be a JSON object');
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setInputError('The input must be a JSON object');
      return;
    }
    setInputError(undefined);
    invoke.mutate({ server: tool.server, name: tool.name, input: parsed as Record<string, unknown> });
  };
  const id = `tool-${tool.server}-${tool.name}`;
  return (
    <li className="stack-tight">
      <div className="row">
        <div className="grow stack-tight">
          <span>
            <strong>{tool.name}</strong> <span className="muted small">({tool.server})</span>
            {tool.agentName && tool.agentName !== tool.name ? (
              <span className="muted small"> · agents call it {tool.agentName}</span>
            ) : null}
            {tool.server !== 'builtin' && !tool.agentName ? (
              <span className="muted small"> · not in allowed_tools</span>
            ) : null}
          </span>
          <span className="muted small">{tool.description}</span>
        </div>
        <button type="button" className="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          Try
        </button>
      </div>
      {open ? (
        <form className="stack-tight" onSubmit={run}>
          <label htmlFor={id} className="small">
            Input (JSON) for the schema {JSON.stringify(tool.inputSchema.properties ?? {})}
          </label>
          <textarea id={id} className="textarea" rows={3} value={input} onChange={(e) => setInput(e.target.value)} />
          {inputError ? <p className="field-error">{inputError}</p> : null}
          <div className="row">
            <button type="submit" className="button button-primary" disabled={invoke.isPending}>
              {invoke.isPending ? 'Running…' : 'Run'}
            </button>
          </div>
          {invoke.isError ? <p className="field-error">{messageOf(invoke.error)}</p> : null}
          {invoke.data ? (
            <pre className={invoke.data.isError ? 'field-error' : 'small'}>
              {invoke.data.content
                .map((block) => (typeof block.text === 'string' ? block.text : `[${block.type}]`))
                .join('\n')}
            </pre>
          ) : null}
        </form>
      ) : null}
    </li>
  );
}

function AddServerForm({
  onAdd,
  busy,
  taken,
}: {
  onAdd: (server: McpServerConfig) => void;
  busy: boolean;
  taken: string[];
}) {
  const [draft, setDraft] = useState<McpServerDraft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (key: keyof McpServerDraft) => (event: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = parseDraft(draft);
    if (!result.ok) return setErrors(result.errors);
    if (taken.includes(result.server.name)) return setErrors({ name: 'a server with this name exists' });
    setErrors({});
    onAdd(result.server);
    setDraft(EMPTY_DRAFT);
  };
  const field = (key: keyof McpServerDraft, label: string, errorKey: string, multiline = false, hint?: string) => (
    <div className="field">
      <label htmlFor={`mcp-${key}`}>{label}</label>
      {multiline ? (
        <textarea id={`mcp-${key}`} className="textarea" rows={2} value={draft[key]} onChange={set(key)} />
      ) : (
        <input id={`mcp-${key}`} className="input" value={draft[key]} onChange={set(key)} />
      )}
      {hint ? <p className="hint">{hint}</p> : null}
      {errors[errorKey] ? <p className="field-error">{errors[errorKey]}</p> : null}
    </div>
  );
  return (
    <form className="card card-body stack" onSubmit={submit} aria-label="Add an MCP server">
      <h3>Add an MCP server</h3>
      {field('name', 'Name', 'name')}
      <div className="field">
        <label htmlFor="mcp-transport">Transport</label>
        <select id="mcp-transport" className="select" value={draft.transport} onChange={set('transport')}>
          <option value="stdio">stdio (a local command)</option>
          <option value="http">Streamable HTTP (a URL)</option>
        </select>
      </div>
      {draft.transport === 'stdio' ? (
        <>
          {field('command', 'Command', 'command', false, 'For example npx or /usr/bin/node')}
          {field('args', 'Arguments', 'args', false, 'Separated by spaces')}
          {field('env', 'Environment', 'env', true, 'KEY=value, one per line; kept secret')}
        </>
      ) : (
        <>
          {field('url', 'URL', 'url')}
          {field('headers', 'Headers', 'headers', true, 'Name: value, one per line (e.g. Authorization); kept secret')}
        </>
      )}
      {field('allowedTools', 'Allowed tools', 'allowed_tools', false, 'Comma-separated; empty offers all')}
      {field('timeoutSeconds', 'Timeout per call (seconds)', 'timeout_seconds')}
      <div className="row">
        <button type="submit" className="button button-primary" disabled={busy}>
          Add server
        </button>
      </div>
    </form>
  );
}
