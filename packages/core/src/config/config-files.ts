import type { ConfigSectionName } from '@studio/shared';
import { mkdirSync, readFileSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export type ReadResult =
  | { kind: 'ok'; values: unknown; text: string; mirrorOf?: number }
  | { kind: 'missing' }
  | { kind: 'unparseable'; message: string };

/** The header line names the database version a mirror was written from, so a restart can tell a stale file from a hand edit. */
const MIRROR_VERSION = /^# Local Agent Studio — \w+ configuration, version (\d+)\./;

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
      const mirrorOf = MIRROR_VERSION.exec(text)?.[1];
      return { kind: 'ok', values, text, ...(mirrorOf ? { mirrorOf: Number(mirrorOf) } : {}) };
    } catch (error) {
      return { kind: 'unparseable', message: `${section}.yaml is not valid YAML: ${(error as Error).message}` };
    }
  }

  /**
   * Writes through a temp file and a rename, so a crash leaves the old file or the new one, never half.
   * `version` (with the database as the source of truth) marks the file as the mirror of that version.
   */
  write(section: ConfigSectionName, values: Record<string, unknown>, version?: number): void {
    const target = this.pathOf(section);
    const temp = `${target}.${process.pid}.tmp`;
    const title = version === undefined ? `${section} configuration` : `${section} configuration, version ${version}`;
    const text = `# Local Agent Studio — ${title}. Edits here apply live; invalid edits are refused.\n${stringify(values)}`;
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
