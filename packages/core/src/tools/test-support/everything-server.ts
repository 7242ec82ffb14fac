import { fileURLToPath } from 'node:url';

/** `@modelcontextprotocol/server-everything` (a real MCP server from npm), run over stdio with this node. */
export const EVERYTHING_SERVER = {
  command: process.execPath,
  args: [
    fileURLToPath(
      new URL('../../../../../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url),
    ),
    'stdio',
  ],
};

/** Our own stdio server whose `crash` tool exits the process. */
export const CRASHING_SERVER = {
  command: process.execPath,
  args: [fileURLToPath(new URL('./crashing-stdio-server.mjs', import.meta.url))],
};
