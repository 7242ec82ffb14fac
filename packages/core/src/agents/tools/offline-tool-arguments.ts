/**
 * Offline, no model fills an external tool's arguments: the request's words after the tool's mention
 * ("use the weather tool for Paris" → "Paris") go into its first required string parameter.
 */
export function offlineArguments(
  inputSchema: Record<string, unknown> | undefined,
  description: string,
): Record<string, unknown> {
  const properties = (inputSchema?.properties ?? {}) as Record<string, { type?: unknown }>;
  const required = Array.isArray(inputSchema?.required) ? (inputSchema.required as string[]) : [];
  const strings = Object.keys(properties).filter((key) => properties[key]?.type === 'string');
  const target = strings.find((key) => required.includes(key)) ?? strings[0];
  if (!target) return {};
  const after = /\btool\b\s*(?:to\s+(?:say|get|find|look up)|for|about|on|with|saying|:)?\s+(.+)$/is.exec(
    description,
  )?.[1];
  return { [target]: (after ?? description).trim().replace(/[.?!]+$/, '') };
}
