import type { ToolName } from '@studio/shared';
import { calculatorTool } from './calculator';
import { listFilesTool } from './list-files';
import { readChunkTool } from './read-chunk';
import { recallMemoryTool } from './recall-memory';
import { saveMemoryTool } from './save-memory';
import { searchFilesTool } from './search-files';
import { summarizeTool } from './summarize';
import type { AgentTool } from './tool';
import type { AgentToolPorts } from './tool-ports';

/** The tools the studio can offer given the domains it was built with. */
export function buildTools(ports: AgentToolPorts): Map<ToolName, AgentTool> {
  const tools: AgentTool[] = [calculatorTool(), summarizeTool()];
  if (ports.files) tools.push(searchFilesTool(ports.files));
  if (ports.chunks) tools.push(readChunkTool(ports.chunks));
  if (ports.fileList) tools.push(listFilesTool(ports.fileList));
  if (ports.memory) tools.push(recallMemoryTool(ports.memory));
  if (ports.memoryWriter) tools.push(saveMemoryTool(ports.memoryWriter));
  return new Map(tools.map((tool) => [tool.name, tool]));
}
