import { parseArgs } from 'node:util';

/** What every command receives: where the studio is, and the rest of the command line. */
export interface CliContext {
  url: string;
  token?: string;
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream;
}

/** Parses global options (`--url`, `--token`) and command options; env vars give the defaults. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliContext {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      type: { type: 'string' },
      session: { type: 'string' },
      file: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return {
    url: values.url ?? env.STUDIO_URL ?? 'http://127.0.0.1:3000',
    token: values.token ?? env.STUDIO_API_TOKEN,
    positionals,
    values,
    out: process.stdout,
    err: process.stderr,
  };
}

export const USAGE = `Usage: studio <command> [options]

Commands:
  upload <files…>              upload files and show their processing progress
  ask "<question>"             ask the studio; the answer streams, then its citations
  memory list [--type T]       list long-term memories (profile, fact, conversation)
  config get [section]         print the configuration (or one section)
  config set <section> k=v…    change configuration values (values are JSON or text)
  mcp                          serve the studio's tools to an assistant as an MCP server over stdio

Options:
  --url <url>       the studio (default $STUDIO_URL or http://127.0.0.1:3000)
  --token <token>   API token (default $STUDIO_API_TOKEN)
  --session <id>    ask: continue a chat session
  --file <id>       ask: restrict the answer to one file (repeatable as a comma list)
  --json            print machine-readable JSON
`;
