import { ToolNameSchema, type ToolName } from '@studio/shared';
import { calculatorTool } from './calculator';
import { listFilesTool } from './list-files';
import { readChunkTool } from './read-chunk';
import { recallMemoryTool } from './recall-memory';
import { saveMemoryTool } from './save-memory';
import { searchFilesTool } from './search-files';
import { summarizeTool } from './summarize';
import type { AgentTool } from './tool';
import type { AgentToolPorts } from './tool-ports';

/** The built-in tools the studio can offer given the domains it was built with. */
export function buildTools(ports: AgentToolPorts): Map<string, AgentTool> {
  const tools: AgentTool[] = [calculatorTool(), summarizeTool(ports.chunks)];
  if (ports.files) tools.push(searchFilesTool(ports.files));
  if (ports.chunks) tools.push(readChunkTool(ports.chunks));
  if (ports.fileList) tools.push(listFilesTool(ports.fileList));
  if (ports.memory) tools.push(recallMemoryTool(ports.memory));
  if (ports.memoryWriter) tools.push(saveMemoryTool(ports.memoryWriter));
  return new Map(tools.map((tool) => [tool.name, tool]));
}

/** True for the studio's own tools (the names `agent_generator.available_tools` governs). */
export function isBuiltinTool(name: string): name is ToolName {
  return ToolNameSchema.safeParse(name).success;
}

/**
 * Every tool agents can use: the built-in ones, built once, and the external ones (MCP servers),
 * read at each call so a server that connects, drops or is reconfigured changes the next run.
 */
export class ToolRegistry {
  private readonly builtins: Map<string, AgentTool>;

  constructor(private readonly ports: AgentToolPorts) {
    this.builtins = buildTools(ports);
  }

  builtin(): ReadonlyMap<string, AgentTool> {
    return this.builtins;
  }

  current(): Map<string, AgentTool> {
    const tools = new Map(this.builtins);
    for (const tool of this.ports.external?.tools() ?? []) if (!tools.has(tool.name)) tools.set(tool.name, tool);
    return tools;
  }
}
