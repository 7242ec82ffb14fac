import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/** A small Streamable-HTTP MCP server for tests: `weather` answers, `hang` never does until closed. */
export interface TestHttpMcpServer {
  url: string;
  /** The Authorization header of every request, to check configured headers arrive. */
  readonly authorizations: (string | undefined)[];
  close(): Promise<void>;
}

export async function startHttpMcpServer(): Promise<TestHttpMcpServer> {
  const hanging = new Set<() => void>();
  const authorizations: (string | undefined)[] = [];
  const build = () => {
    const server = new McpServer({ name: 'test-weather', version: '1.0.0' });
    server.registerTool(
      'weather',
      { description: 'Current weather for a city', inputSchema: { city: z.string() } },
      async ({ city }) => ({ content: [{ type: 'text', text: `Sunny in ${city}, 21 °C` }] }),
    );
    server.registerTool(
      'hang',
      { description: 'Never answers (a stuck server)', inputSchema: {} },
      () => new Promise((resolve) => hanging.add(() => resolve({ content: [{ type: 'text', text: 'released' }] }))),
    );
    return server;
  };
  // Stateless: one server and transport per request, as the SDK's stateless example does.
  const http = createServer((req, res) => {
    authorizations.push(req.headers.authorization);
    const server = build();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    void server.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    authorizations,
    close: async () => {
      for (const release of hanging) release();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
