import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { StudioClient } from '../../create-studio-client';
import type { CliContext } from '../options';

/** `ask` plans and runs agents: far longer than the SDK's 60 s default for one request. */
const CALL_TIMEOUT_MS = 15 * 60_000;

/**
 * `studio mcp`: the studio as an MCP server over stdio, for desktop assistants. It relays to the
 * running studio's `POST /mcp` with the same token (`--token` or STUDIO_API_TOKEN), so the Host,
 * auth and data rules are the server's own. Stdout carries only MCP messages.
 */
export async function mcpCommand(_client: StudioClient, context: CliContext): Promise<void> {
  const remote = new Client({ name: 'studio-cli', version: '1.0.0' });
  await remote.connect(
    new StreamableHTTPClientTransport(new URL('/mcp', context.url), {
      requestInit: { headers: context.token ? { Authorization: `Bearer ${context.token}` } : {} },
    }),
  );
  const server = new Server(
    { name: 'local-agent-studio', version: remote.getServerVersion()?.version ?? '1.0.0' },
    { capabilities: { tools: {} } },
  );
  server.setRequestHandler(ListToolsRequestSchema, (request, extra) =>
    remote.listTools(request.params, { signal: extra.signal }),
  );
  server.setRequestHandler(CallToolRequestSchema, (request, extra) =>
    remote.callTool(request.params, undefined, { signal: extra.signal, timeout: CALL_TIMEOUT_MS }),
  );
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
  });
  await server.connect(transport);
  await closed;
  await server.close();
  await remote.close();
}
