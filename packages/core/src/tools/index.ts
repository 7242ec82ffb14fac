export * from './mcp-connection';
export * from './mcp-hub';
export * from './mcp-tool-names';
export * from './studio-mcp-server';
export * from './tool-output';
export * from './tool-service';
export * from './mcp-http';
