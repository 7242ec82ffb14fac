// A stdio MCP server for tests: `ping` answers, `crash` kills the process mid-call.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const server = new McpServer({ name: 'crashy', version: '1.0.0' });
server.registerTool('ping', { description: 'Answers pong with this process id' }, async () => ({
  content: [{ type: 'text', text: `pong from ${process.pid}` }],
}));
server.registerTool('crash', { description: 'Exits the process without answering' }, async () => process.exit(3));
await server.connect(new StdioServerTransport());
