/** The longest function name OpenAI-compatible APIs accept. */
const MAX_NAME = 64;

/**
 * Names MCP tools for agents as `<server>__<tool>`: built-in tools never contain "__" and server
 * names are unique, so only sanitising can make two names meet, and a numeric suffix settles that.
 */
export function agentToolNames(entries: readonly { server: string; tool: string }[]): string[] {
  const taken = new Set<string>();
  return entries.map(({ server, tool }) => {
    const base = `${server}__${tool.replace(/[^a-zA-Z0-9_-]/g, '_')}`.slice(0, MAX_NAME);
    let name = base;
    for (let suffix = 2; taken.has(name); suffix += 1) name = `${base.slice(0, MAX_NAME - 4)}_${suffix}`;
    taken.add(name);
    return name;
  });
}
