import type { ConfigSectionName } from '@studio/shared';
import { mkdirSync, readFileSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export type ReadResult =
  { kind: 'ok'; values: unknown; text: string } | { kind: 'missing' } | { kind: 'unparseable'; message: string };

/** The YAML files of configuration: one per section under `<dataDir>/config`. */
export class ConfigFiles {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  pathOf(section: ConfigSectionName): string {
    return join(this.dir, `${section}.yaml`);
  }

  read(section: ConfigSectionName): ReadResult {
    let text: string;
    try {
      text = readFileSync(this.pathOf(section), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
      throw error;
    }
    try {
      const values: unknown = parse(text) ?? {};
      if (typeof values !== 'object' || Array.isArray(values)) {
        return { kind: 'unparseable', message: `${section}.yaml must hold a mapping of keys to values` };
      }
      return { kind: 'ok', values, text };
    } catch (error) {
      return { kind: 'unparseable', message: `${section}.yaml is not valid YAML: ${(error as Error).message}` };
    }
  }

  /** Writes through a temp file and a rename, so a crash leaves the old file or the new one, never half. */
  write(section: ConfigSectionName, values: Record<string, unknown>): void {
    const target = this.pathOf(section);
    const temp = `${target}.${process.pid}.tmp`;
    const text = `# Local Agent Studio — ${section} configuration. Edits here apply live; invalid edits are refused.\n${stringify(values)}`;
    writeFileSync(temp, text, 'utf8');
    const fd = openSync(temp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  }
}
