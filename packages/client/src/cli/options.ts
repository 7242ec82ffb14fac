import { parseArgs } from 'node:util';
import { CliError } from './cli-error';

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
      'connect-timeout': { type: 'string' },
      'idle-timeout': { type: 'string' },
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

/** `--connect-timeout` (default 10 s) and `--idle-timeout` (default 120 s), in seconds on the command line. */
export function streamTimeouts(context: CliContext): { connectMs: number; idleMs: number } {
  return {
    connectMs: seconds(context.values['connect-timeout'], 'connect-timeout', 10),
    idleMs: seconds(context.values['idle-timeout'], 'idle-timeout', 120),
  };
}

function seconds(value: string | boolean | undefined, name: string, fallback: number): number {
  if (typeof value !== 'string') return fallback * 1000;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new CliError(`--${name} must be a number of seconds above 0`);
  return parsed * 1000;
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
  --json            print machine-readable JSON (errors too, on stderr)
  --connect-timeout <s>  ask: give up when the studio cannot be reached, or reached again, within s seconds (10)
  --idle-timeout <s>     ask: give up when the studio sends nothing for s seconds (120)

Exit codes: 0 done, 1 the studio refused or failed, 2 usage or input error, 3 studio unreachable or silent.
`;
