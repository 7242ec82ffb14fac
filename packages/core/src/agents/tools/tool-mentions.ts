import { isBuiltinTool } from './tool-registry';

/**
 * The external tools a request names explicitly: "use the weather tool", "call everything__echo",
 * "with the echo tool". A tool is named by its full name, its own name, or its server's name before "tool".
 */
export function namedExternalTools(text: string, toolNames: Iterable<string>): string[] {
  const lower = text.toLowerCase();
  const named: string[] = [];
  for (const name of toolNames) {
    if (isBuiltinTool(name)) continue;
    const [server = '', own = ''] = name.toLowerCase().split('__');
    const variants = [name.toLowerCase(), own, own.replace(/[_-]+/g, ' ')].filter((variant) => variant.length >= 3);
    const byName = variants.some((variant) => new RegExp(`(^|[^a-z0-9_])${escape(variant)}([^a-z0-9_]|$)`).test(lower));
    const byServer = server.length >= 2 && new RegExp(`\\b${escape(server)}\\s+(tool|server)\\b`).test(lower);
    if (byName || byServer) named.push(name);
  }
  return named;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
