import { MemoryTypeSchema } from '@studio/shared';
import type { StudioClient } from '../../create-studio-client';
import { CliError } from '../cli-error';
import type { CliContext } from '../options';

/** `studio memory list [--type T] [--limit N]`. */
export async function memoryCommand(client: StudioClient, context: CliContext): Promise<void> {
  const action = context.positionals[1];
  if (action !== 'list') throw new CliError('usage: studio memory list [--type profile|fact|conversation] [--limit N]');
  const type = context.values.type === undefined ? undefined : MemoryTypeSchema.safeParse(context.values.type);
  if (type && !type.success) throw new CliError('--type must be profile, fact or conversation');
  const limit = typeof context.values.limit === 'string' ? Number(context.values.limit) : 50;
  const page = await client.trpc.memory.list.query({ type: type?.data, limit });
  if (context.values.json) {
    context.out.write(`${JSON.stringify(page, null, 2)}\n`);
    return;
  }
  if (page.items.length === 0) {
    context.out.write('No memories yet.\n');
    return;
  }
  for (const item of page.items) context.out.write(`${item.id}  ${item.type.padEnd(12)} ${item.content}\n`);
  context.out.write(`${page.items.length} of ${page.total} memories\n`);
}
