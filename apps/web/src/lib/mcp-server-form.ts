import { McpServerConfigSchema, type McpServerConfig } from '@studio/shared';

/** The add-server form as typed: lists as text, one entry per line (`KEY=value`, `Header: value`). */
export interface McpServerDraft {
  name: string;
  transport: 'stdio' | 'http';
  command: string;
  args: string;
  env: string;
  url: string;
  headers: string;
  allowedTools: string;
  timeoutSeconds: string;
}

export const EMPTY_DRAFT: McpServerDraft = {
  name: '',
  transport: 'stdio',
  command: '',
  args: '',
  env: '',
  url: '',
  headers: '',
  allowedTools: '',
  timeoutSeconds: '30',
};

function pairs(text: string, separator: '=' | ':'): Record<string, string> {
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf(separator);
      return at < 0 ? [line, ''] : [line.slice(0, at).trim(), line.slice(at + 1).trim()];
    });
  return Object.fromEntries(entries);
}

/** Turns the draft into a server entry checked by the shared schema; errors are keyed by field. */
export function parseDraft(
  draft: McpServerDraft,
): { ok: true; server: McpServerConfig } | { ok: false; errors: Record<string, string> } {
  const allowed = draft.allowedTools
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const candidate = {
    name: draft.name.trim(),
    enabled: true,
    transport: draft.transport,
    ...(draft.transport === 'stdio'
      ? {
          command: draft.command.trim() || undefined,
          args: draft.args.split(/\s+/).filter(Boolean),
          env: pairs(draft.env, '='),
        }
      : { url: draft.url.trim() || undefined, headers: pairs(draft.headers, ':') }),
    ...(allowed.length > 0 ? { allowed_tools: allowed } : {}),
    timeout_seconds: Number(draft.timeoutSeconds),
  };
  const parsed = McpServerConfigSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, server: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'name')] ??= issue.message;
  return { ok: false, errors };
}
