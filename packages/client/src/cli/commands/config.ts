import { CONFIG_SECTIONS, ConfigSectionNameSchema } from '@studio/shared';
import type { StudioClient } from '../../create-studio-client';
import type { CliContext } from '../options';
import { CliError } from '../cli-error';

/** `studio config get [section]` and `studio config set <section> key=value…`. */
export async function configCommand(client: StudioClient, context: CliContext): Promise<void> {
  const [, action, sectionName, ...assignments] = context.positionals;
  if (action === 'get') {
    const value = sectionName
      ? await client.trpc.config.section.query({ section: parseSection(sectionName) })
      : await client.trpc.config.get.query();
    context.out.write(`${JSON.stringify(value, null, 2)}\n`);
    return;
  }
  if (action === 'set') {
    const section = parseSection(sectionName);
    if (assignments.length === 0) throw new CliError('config set needs at least one key=value');
    const values = Object.fromEntries(assignments.map(parseAssignment));
    const result = await client.trpc.config.update.mutate({ section, values });
    context.out.write(`${section} is now at version ${result.version}\n${JSON.stringify(result.values, null, 2)}\n`);
    return;
  }
  throw new CliError('usage: studio config get [section] | studio config set <section> key=value…');
}

function parseSection(name: string | undefined) {
  const parsed = ConfigSectionNameSchema.safeParse(name);
  if (!parsed.success)
    throw new CliError(`unknown section ${JSON.stringify(name ?? '')}; one of: ${CONFIG_SECTIONS.join(', ')}`);
  return parsed.data;
}

function parseAssignment(text: string): [string, unknown] {
  const at = text.indexOf('=');
  if (at <= 0) throw new CliError(`expected key=value, got ${JSON.stringify(text)}`);
  const raw = text.slice(at + 1);
  try {
    return [text.slice(0, at), JSON.parse(raw) as unknown];
  } catch {
    return [text.slice(0, at), raw];
  }
}
