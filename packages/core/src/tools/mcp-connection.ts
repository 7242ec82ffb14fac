import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerConfig, McpServerStatus, ToolsCallOutput } from '@studio/shared';
import { TimeoutError } from '../errors/timeout-error';
import { UnavailableError } from '../errors/unavailable-error';
import type { Logger } from '../logger';
import { STUDIO_VERSION } from '../version';

/** A tool as an MCP server describes it. */
export interface McpToolDescription {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/** Waits between reconnection attempts: doubling from `initialMs` up to `maxMs`. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1000, maxMs: 60_000 };

/**
 * One configured MCP server: connects, lists its tools, runs calls with the configured timeout,
 * and when the connection fails or drops (a crashed process, an unreachable URL) reconnects with backoff.
 */
export class McpConnection {
  private client: Client | undefined;
  private state: McpServerStatus['state'] = 'connecting';
  private error: string | undefined;
  private attempts = 0;
  private tools: McpToolDescription[] = [];
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    readonly config: McpServerConfig,
    private readonly options: { logger: Logger; onChange: () => void; backoff?: Backoff },
  ) {}

  /** Starts connecting in the background; the status says how it went. */
  start(): void {
    void this.connect();
  }

  status(): McpServerStatus {
    return {
      name: this.config.name,
      transport: this.config.transport,
      state: this.state,
      ...(this.error ? { error: this.error } : {}),
      toolCount: this.tools.length,
      attempts: this.attempts,
    };
  }

  listTools(): readonly McpToolDescription[] {
    return this.state === 'connected' ? this.tools : [];
  }

  /** Runs one tool; a timeout or a dropped connection fails this call only, with a clear error. */
  async call(name: string, input: Record<string, unknown>, signal?: AbortSignal): Promise<ToolsCallOutput> {
    const client = this.client;
    if (!client || this.state !== 'connected')
      throw new UnavailableError(
        'MCP_SERVER_UNAVAILABLE',
        `the MCP server "${this.config.name}" is not connected${this.error ? `: ${this.error}` : ''}`,
      );
    const timeoutMs = this.config.timeout_seconds * 1000;
    try {
      const result = await client.callTool({ name, arguments: input }, undefined, {
        timeout: timeoutMs,
        ...(signal ? { signal } : {}),
      });
      const content = Array.isArray(result.content) ? (result.content as ToolsCallOutput['content']) : [];
      return { content, isError: result.isError === true };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const message = error instanceof Error ? error.message : String(error);
      if (/timed out|timeout/i.test(message))
        throw new TimeoutError(
          `the MCP tool "${this.config.name}/${name}" did not answer within ${this.config.timeout_seconds} s`,
          'MCP_TOOL_TIMEOUT',
        );
      throw new UnavailableError(
        'MCP_TOOL_FAILED',
        `the MCP tool "${this.config.name}/${name}" failed: ${message}`,
        error,
      );
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.close().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    this.state = 'connecting';
    this.options.onChange();
    const client = new Client({ name: 'local-agent-studio', version: STUDIO_VERSION });
    try {
      await client.connect(this.transport(), { timeout: this.config.timeout_seconds * 1000 });
      const listed = await client.listTools(undefined, { timeout: this.config.timeout_seconds * 1000 });
      if (this.closed) {
        await client.close();
        return;
      }
      this.client = client;
      this.tools = listed.tools.map((tool) => ({
        name: tool.name,
        description: tool.description ?? tool.title ?? tool.name,
        inputSchema: tool.inputSchema,
      }));
      this.state = 'connected';
      this.error = undefined;
      this.attempts = 0;
      // Set after connecting: a drop from now on is a crash to report and recover from.
      client.onclose = () => this.dropped(client, 'the server closed the connection');
      this.options.logger.info('connected to an MCP server', { server: this.config.name, tools: this.tools.length });
      this.options.onChange();
    } catch (error) {
      await client.close().catch(() => undefined);
      this.failed(error instanceof Error ? error.message : String(error));
    }
  }

  private dropped(client: Client, reason: string): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    this.failed(reason);
  }

  private failed(reason: string): void {
    if (this.closed) return;
    this.state = 'failed';
    this.error = reason;
    this.tools = [];
    this.attempts += 1;
    const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
    const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (this.attempts - 1));
    // The reason can quote a URL or command, never env or header values.
    this.options.logger.warn('an MCP server is not available; retrying', {
      server: this.config.name,
      reason,
      retryInMs: delay,
    });
    this.options.onChange();
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }

  private transport(): Transport {
    if (this.config.transport === 'http') {
      if (!this.config.url) throw new Error('no url configured');
      return new StreamableHTTPClientTransport(new URL(this.config.url), {
        requestInit: { headers: this.config.headers },
      });
    }
    if (!this.config.command) throw new Error('no command configured');
    return new StdioClientTransport({
      command: this.config.command,
      args: this.config.args,
      env: { ...getDefaultEnvironment(), ...this.config.env },
      // The server's own logging would interleave with the studio's; it is dropped.
      stderr: 'ignore',
    });
  }
}
