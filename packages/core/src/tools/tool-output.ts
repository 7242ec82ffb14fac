import type { ToolsCallOutput } from '@studio/shared';

/** What one tool result may add to a prompt; the rest is cut with a note saying how much. */
export const MAX_TOOL_OUTPUT_CHARS = 8000;

/** Caps a tool's text before it reaches a prompt. */
export function capToolOutput(text: string, max = MAX_TOOL_OUTPUT_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n[… ${text.length - max} more characters cut]`;
}

/** MCP content blocks as text for a model: text as is, other blocks named with their size. */
export function contentText(content: ToolsCallOutput['content']): string {
  return content
    .map((block) => {
      if (block.type === 'text' && typeof block.text === 'string') return block.text;
      if (block.type === 'resource' && typeof block.resource === 'object' && block.resource !== null) {
        const resource = block.resource as { uri?: unknown; text?: unknown };
        return typeof resource.text === 'string' ? resource.text : `[resource ${String(resource.uri)}]`;
      }
      const data = typeof block.data === 'string' ? `, ${block.data.length} base64 characters` : '';
      return `[${block.type}${typeof block.mimeType === 'string' ? ` ${block.mimeType}` : ''}${data}]`;
    })
    .join('\n');
}
