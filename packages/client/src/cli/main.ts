import { TRPCClientError } from '@trpc/client';
import { createStudioClient } from '../node';
import { CliError } from './cli-error';
import { configCommand } from './commands/config';
import { parseCli, USAGE, type CliContext } from './options';
import type { StudioClient } from '../create-studio-client';

type Command = (client: StudioClient, context: CliContext) => Promise<void>;

const commands: Record<string, () => Promise<Command>> = {
  config: async () => configCommand,
  upload: async () => (await import('./commands/upload')).uploadCommand,
  ask: async () => (await import('./commands/ask')).askCommand,
  memory: async () => (await import('./commands/memory')).memoryCommand,
  mcp: async () => (await import('./commands/mcp')).mcpCommand,
};

async function main(): Promise<number> {
  let context: CliContext;
  try {
    context = parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const name = context.positionals[0];
  const load = name ? commands[name] : undefined;
  if (context.values.help || !load) {
    (load || context.values.help ? context.out : context.err).write(USAGE);
    return context.values.help ? 0 : 2;
  }
  const client = createStudioClient({ url: context.url, token: context.token });
  try {
    await (
      await load()
    )(client, context);
    return 0;
  } catch (error) {
    const { code, message } = describe(error, context.url);
    if (context.values.json) context.err.write(`${JSON.stringify({ error: { code, message } })}\n`);
    else context.err.write(`studio: ${code === 'USAGE' || code === 'FAILED' ? '' : `${code}: `}${message}\n`);
    return error instanceof CliError ? error.exitCode : unreachable(error) ? 3 : 1;
  } finally {
    client.close();
  }
}

function describe(error: unknown, url: string): { code: string; message: string } {
  if (error instanceof CliError) return { code: error.code, message: error.message };
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: string; domainCode?: string | null } | undefined;
    if (data?.code === 'UNAUTHORIZED')
      return { code: 'UNAUTHORIZED', message: 'the studio needs an API token (--token or STUDIO_API_TOKEN)' };
    if (!data) return { code: 'UNREACHABLE', message: `cannot reach the studio at ${url}: ${error.message}` };
    return { code: data.domainCode ?? data.code ?? 'FAILED', message: error.message };
  }
  return { code: 'FAILED', message: error instanceof Error ? error.message : String(error) };
}

/** A tRPC error without server data never reached the studio (refused, reset, DNS). */
function unreachable(error: unknown): boolean {
  return error instanceof TRPCClientError && !error.data;
}

const exitCode = await main();
// Exit as soon as the output is written: a WebSocket client waiting out its reconnect backoff would
// otherwise keep a finished command alive for up to 30 s.
process.stdout.write('', () => process.stderr.write('', () => process.exit(exitCode)));
