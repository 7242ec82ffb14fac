import { z } from 'zod';

/** What stands in for a secret (an `env` or `headers` value) in everything the studio hands out. */
export const SECRET_MASK = '********';

/** One MCP server the agents may use: a local command over stdio, or a Streamable HTTP endpoint. */
export const McpServerConfigSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-zA-Z0-9_-]{1,32}$/, '1 to 32 letters, digits, _ or -')
      .refine((name) => name !== 'builtin', '"builtin" is reserved for the studio\'s own tools'),
    enabled: z.boolean().default(true),
    transport: z.enum(['stdio', 'http']),
    command: z.string().min(1).max(1000).optional(),
    args: z.array(z.string().max(4000)).max(100).default([]),
    /** Extra environment for a stdio server; values are secrets (never returned or logged). */
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
    url: z.url().optional(),
    /** Extra HTTP headers for an http server (e.g. Authorization); values are secrets. */
    headers: z.record(z.string().min(1).max(200), z.string()).default({}),
    /** Only these of the server's tools are offered to agents; unset offers all of them. */
    allowed_tools: z.array(z.string().min(1)).optional(),
    timeout_seconds: z.number().int().min(1).max(3600).default(30),
  })
  .strict()
  .superRefine((server, context) => {
    if (server.transport === 'stdio' && !server.command)
      context.addIssue({ code: 'custom', path: ['command'], message: 'a stdio server needs a command' });
    if (server.transport === 'http' && !server.url)
      context.addIssue({ code: 'custom', path: ['url'], message: 'an http server needs a url' });
  });
export type McpServerConfig = z.infer<typeof McpServerConfigSchema>;

export const ToolsConfigSchema = z.object({ mcp_servers: z.array(McpServerConfigSchema).max(50).default([]) }).strict();

/** `tools` with its cross-field rule: server names are unique (tool names are derived from them). */
export const ToolsConfigWithRulesSchema = ToolsConfigSchema.superRefine((value, context) => {
  const seen = new Set<string>();
  value.mcp_servers.forEach((server, index) => {
    if (seen.has(server.name))
      context.addIssue({
        code: 'custom',
        path: ['mcp_servers', index, 'name'],
        message: 'server names must be unique',
      });
    seen.add(server.name);
  });
});
export type ToolsConfig = z.infer<typeof ToolsConfigSchema>;

/** Replaces every `env` and `headers` value with {@link SECRET_MASK}. */
export function maskToolSecrets(values: ToolsConfig): ToolsConfig {
  const mask = (record: Record<string, string>) =>
    Object.fromEntries(Object.keys(record).map((key) => [key, SECRET_MASK]));
  return {
    ...values,
    mcp_servers: values.mcp_servers.map((server) => ({
      ...server,
      env: mask(server.env),
      headers: mask(server.headers),
    })),
  };
}

export const McpServerStateSchema = z.enum(['connecting', 'connected', 'failed', 'disabled']);

/** One configured MCP server as the studio sees it now. */
export const McpServerStatusSchema = z.object({
  name: z.string(),
  transport: z.enum(['stdio', 'http']),
  state: McpServerStateSchema,
  /** Why it is not connected (failed), in words. */
  error: z.string().optional(),
  toolCount: z.number().int(),
  /** Consecutive failed attempts since the last successful connection. */
  attempts: z.number().int(),
});
export type McpServerStatus = z.infer<typeof McpServerStatusSchema>;

export const ToolInfoSchema = z.object({
  /** "builtin" or the MCP server's configured name. */
  server: z.string(),
  name: z.string(),
  description: z.string(),
  inputSchema: z.record(z.string(), z.unknown()),
  /** The server's state, for MCP tools. */
  status: McpServerStateSchema.optional(),
  /** The name agents (and the model) call it by: unique across all servers. */
  agentName: z.string().optional(),
});
export type ToolInfo = z.infer<typeof ToolInfoSchema>;

export const ToolsListInputSchema = z.object({}).optional();
export const ToolsListOutputSchema = z.object({
  items: z.array(ToolInfoSchema),
  /** Every configured MCP server with its state, including failed ones that offer no tools. */
  servers: z.array(McpServerStatusSchema),
});
export type ToolsListOutput = z.infer<typeof ToolsListOutputSchema>;

export const ToolsCallInputSchema = z.object({
  server: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  input: z.record(z.string(), z.unknown()).default({}),
});
export type ToolsCallInput = z.infer<typeof ToolsCallInputSchema>;

/** MCP content blocks (text, image, resource…), passed through as the tool gave them. */
export const ToolContentSchema = z.looseObject({ type: z.string() });
export const ToolsCallOutputSchema = z.object({
  content: z.array(ToolContentSchema),
  isError: z.boolean(),
});
export type ToolsCallOutput = z.infer<typeof ToolsCallOutputSchema>;
