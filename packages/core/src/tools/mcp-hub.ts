import type { ComponentHealth, McpServerConfig, McpServerStatus, ToolInfo, ToolsCallOutput } from '@studio/shared';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { AgentTool } from '../agents/tools/tool';
import type { ExternalToolSource } from '../agents/tools/tool-ports';
import type { ConfigService } from '../config/config-service';
import { NotFoundError } from '../errors/not-found-error';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import { McpConnection, type Backoff } from './mcp-connection';
import { agentToolNames } from './mcp-tool-names';
import { contentText } from './tool-output';

export interface McpHubOptions {
  config: ConfigService;
  bus: EventBus;
  logger: Logger;
  backoff?: Backoff;
}

/** An MCP tool as agents see it, with where it comes from. */
interface ExternalTool {
  server: string;
  name: string;
  agentName: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/**
 * The MCP servers of the `tools` section: connects the enabled ones at start and whenever the
 * section changes, keeps each one's status, and offers their allowed tools to agents under
 * collision-free names. A server that fails affects only its own tools.
 */
export class McpHub implements ExternalToolSource {
  private readonly connections = new Map<string, McpConnection>();
  private configured: McpServerConfig[] = [];
  private unsubscribe: (() => void) | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: McpHubOptions) {}

  start(): void {
    this.apply(this.options.config.section('tools').mcp_servers);
    // The config service's own notice: a bus event from another host arrives before the new version is read.
    this.unsubscribe = this.options.config.onChange((section) => {
      if (section === 'tools') this.apply(this.options.config.section('tools').mcp_servers);
    });
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    const connections = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(connections.map((connection) => connection.close()));
  }

  /** Called whenever a server's state or tools change (tests and the UI wait on it). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  statuses(): McpServerStatus[] {
    return this.configured.map(
      (server) =>
        this.connections.get(server.name)?.status() ?? {
          name: server.name,
          transport: server.transport,
          state: 'disabled',
          toolCount: 0,
          attempts: 0,
        },
    );
  }

  /** Every connected server's tools (all of them, `allowed_tools` or not) for `tools.list`. */
  list(): ToolInfo[] {
    const allowed = new Map(this.externalTools().map((tool) => [`${tool.server}/${tool.name}`, tool.agentName]));
    return [...this.connections.values()].flatMap((connection) =>
      connection.listTools().map((tool) => {
        const agentName = allowed.get(`${connection.config.name}/${tool.name}`);
        return {
          server: connection.config.name,
          name: tool.name,
          description: tool.description,
          inputSchema: tool.inputSchema,
          status: connection.status().state,
          ...(agentName ? { agentName } : {}),
        };
      }),
    );
  }

  /** Runs one tool of one server (the UI's "try it", `tools.call`). */
  async call(
    server: string,
    name: string,
    input: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<ToolsCallOutput> {
    const connection = this.connections.get(server);
    if (!connection) throw new NotFoundError('mcp_server', server);
    if (!connection.listTools().some((tool) => tool.name === name) && connection.status().state === 'connected')
      throw new NotFoundError('tool', `${server}/${name}`);
    return connection.call(name, input, signal);
  }

  /** The tools agents may use: connected servers' tools within their `allowed_tools`. */
  tools(): AgentTool[] {
    return this.externalTools().map((tool) => this.agentTool(tool));
  }

  health(): ComponentHealth {
    const statuses = this.statuses().filter((status) => status.state !== 'disabled');
    if (statuses.length === 0) return { status: 'ok', detail: 'no MCP servers enabled' };
    const connected = statuses.filter((status) => status.state === 'connected');
    const failed = statuses.filter((status) => status.state === 'failed');
    const detail = [
      `${connected.length}/${statuses.length} MCP servers connected (${connected.reduce((sum, status) => sum + status.toolCount, 0)} tools)`,
      ...failed.map((status) => `${status.name}: ${status.error ?? 'failed'}`),
    ].join('; ');
    return { status: failed.length > 0 ? 'degraded' : 'ok', detail };
  }

  private externalTools(): ExternalTool[] {
    const entries = [...this.connections.values()].flatMap((connection) => {
      const allowed = connection.config.allowed_tools;
      return connection
        .listTools()
        .filter((tool) => !allowed || allowed.includes(tool.name))
        .map((tool) => ({ server: connection.config.name, tool }));
    });
    const names = agentToolNames(entries.map((entry) => ({ server: entry.server, tool: entry.tool.name })));
    return entries.map((entry, index) => ({
      server: entry.server,
      name: entry.tool.name,
      agentName: names[index] ?? entry.tool.name,
      description: entry.tool.description,
      inputSchema: entry.tool.inputSchema,
    }));
  }

  private agentTool(tool: ExternalTool): AgentTool {
    return {
      name: tool.agentName,
      server: tool.server,
      description: `${tool.description} (tool "${tool.name}" of the MCP server "${tool.server}")`,
      // The server validates its own input; the model is sent the server's JSON schema as is.
      parameters: z.record(z.string(), z.unknown()),
      inputSchema: tool.inputSchema,
      run: async (input, context) => {
        const args = typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {};
        const result = await this.call(tool.server, tool.name, args as Record<string, unknown>, context.signal);
        const text = contentText(result.content);
        if (result.isError) throw new Error(`the tool reported an error: ${text}`);
        return { content: text || '(no output)', sources: [] };
      },
    };
  }

  /** Keeps connections whose configuration is unchanged; replaces, starts or stops the others. */
  private apply(servers: McpServerConfig[]): void {
    this.configured = servers;
    const wanted = new Map(servers.filter((server) => server.enabled).map((server) => [server.name, server]));
    for (const [name, connection] of this.connections) {
      if (isDeepStrictEqual(wanted.get(name), connection.config)) continue;
      this.connections.delete(name);
      void connection.close();
    }
    for (const [name, server] of wanted) {
      if (this.connections.has(name)) continue;
      const connection = new McpConnection(server, {
        logger: this.options.logger,
        onChange: () => this.changed(),
        ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      });
      this.connections.set(name, connection);
      connection.start();
    }
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
