import {
  maskLlmSecrets,
  maskToolSecrets,
  SECRET_MASK,
  type ConfigSectionName,
  type LlmConfig,
  type McpServerConfig,
  type StudioConfig,
  type ToolsConfig,
} from '@studio/shared';

/**
 * A section's values as the studio hands them out (`config.get`, `config.update`'s answer,
 * `events.config`): MCP servers' `env` and `headers` values and the model's API key replaced by a mask.
 */
export function maskSecrets<S extends ConfigSectionName>(section: S, values: StudioConfig[S]): StudioConfig[S] {
  if (section === 'tools') return maskToolSecrets(values as ToolsConfig) as StudioConfig[S];
  if (section === 'llm') return maskLlmSecrets(values as LlmConfig) as StudioConfig[S];
  return values;
}

/** The whole configuration with its secrets masked. */
export function maskConfigSecrets(config: StudioConfig): StudioConfig {
  return { ...config, tools: maskToolSecrets(config.tools), llm: maskLlmSecrets(config.llm) };
}

/**
 * An update that sends a masked value back (the UI edits what `config.get` gave it) keeps the secret
 * in force for that server and key, instead of storing the mask.
 */
export function keepSecrets(
  section: ConfigSectionName,
  patch: Record<string, unknown>,
  current: Record<string, unknown>,
): Record<string, unknown> {
  if (section === 'llm' && patch.api_key === SECRET_MASK) return { ...patch, api_key: current.api_key ?? '' };
  if (section !== 'tools' || !Array.isArray(patch.mcp_servers)) return patch;
  const previous = new Map(
    ((current.mcp_servers ?? []) as McpServerConfig[]).map((server) => [server.name, server] as const),
  );
  const restore = (values: unknown, old: Record<string, string> | undefined) =>
    typeof values === 'object' && values !== null
      ? Object.fromEntries(
          Object.entries(values).map(([key, value]) => [key, value === SECRET_MASK ? (old?.[key] ?? '') : value]),
        )
      : values;
  const servers = (patch.mcp_servers as Record<string, unknown>[]).map((server) => {
    if (typeof server !== 'object' || server === null) return server;
    const old = typeof server.name === 'string' ? previous.get(server.name) : undefined;
    return {
      ...server,
      ...('env' in server ? { env: restore(server.env, old?.env) } : {}),
      ...('headers' in server ? { headers: restore(server.headers, old?.headers) } : {}),
    };
  });
  return { ...patch, mcp_servers: servers };
}
