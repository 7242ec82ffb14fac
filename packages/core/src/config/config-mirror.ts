import type { ConfigSectionName, ConfigSource, StudioConfig } from '@studio/shared';
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from '../logger';
import type { Sql } from '../store/sql';
import type { ConfigFiles } from './config-files';
import type { ConfigHistory, ConfigVersion } from './config-history';
import type { ConfigState, SectionSource } from './config-state';
import { validateSection } from './config-validation';

type SectionValues = StudioConfig[ConfigSectionName];

/**
 * A version read back from the database, with defaults added since it was recorded filled in. A
 * version that no longer validates is still what the database holds, so it is taken as it is.
 */
export function fromDatabase(version: ConfigVersion): SectionValues {
  const result = validateSection(version.section, version.values);
  return result.valid ? result.values : (version.values as SectionValues);
}

/**
 * At start-up with the database as the source of truth: a mirror that differs from the latest version
 * is a hand edit made while the process was down when it was written from that very version (or carries
 * no version: a file from before the database held configuration); any other difference is a stale
 * mirror, replaced by the database's values.
 */
export function isEditWhileDown(file: SectionValues, mirrorOf: number | undefined, latest: ConfigVersion): boolean {
  if (isDeepStrictEqual(file, fromDatabase(latest))) return false;
  return mirrorOf === undefined || mirrorOf === latest.version;
}

/**
 * A hand edit of a mirror, applied the way `config.update` applies a patch: only the keys the edit
 * changed (against the values the mirror showed) land on top of the latest recorded version, so a
 * change another host recorded meanwhile is kept.
 */
export function mergeEdit(
  section: ConfigSectionName,
  shown: SectionValues,
  edited: SectionValues,
  latest: SectionValues,
): ReturnType<typeof validateSection> {
  const changed = Object.fromEntries(
    Object.entries(edited).filter(([key, value]) => !isDeepStrictEqual(value, (shown as Record<string, unknown>)[key])),
  );
  return validateSection(section, { ...latest, ...changed });
}

export interface ConfigMirrorOptions {
  files: ConfigFiles;
  history: ConfigHistory;
  db: Sql;
  logger: Logger;
  state: ConfigState;
}

/**
 * With the database as the source of truth: this host's YAML files as a mirror of the latest versions.
 * The service calls it one change at a time.
 */
export class ConfigMirror implements SectionSource {
  constructor(private readonly options: ConfigMirrorOptions) {}

  /**
   * Start-up: the latest version (the first process records the file's values, or the defaults), unless
   * the mirror holds a hand edit made while this process was down, which becomes a new version. Then the
   * mirror is rewritten to match.
   */
  async start(section: ConfigSectionName): Promise<void> {
    const { files, history, state } = this.options;
    const read = files.read(section);
    const file = state.readValid(section, false);
    const mirrorOf = read.kind === 'ok' ? read.mirrorOf : undefined;
    const { values, version, edited } = await this.options.db.transaction(async () => {
      const latest = await history.latestLocked(section);
      if (latest && !(file && isEditWhileDown(file.values, mirrorOf, latest)))
        return { values: fromDatabase(latest), version: latest.version, edited: false };
      const values = file?.values ?? state.values(section);
      return { values, version: await history.record(section, values, 'reload'), edited: latest !== undefined };
    });
    state.put(section, values, version, edited ? 'reload' : undefined);
    // A refused file stays as it is, for its author to fix; any other mirror is brought up to date.
    if (read.kind === 'missing' || (file && (mirrorOf !== version || !isDeepStrictEqual(file.values, values))))
      files.write(section, values, version);
  }

  /**
   * A change of the mirror (a hand edit, or `config.reload`): recorded as a new version on top of the
   * latest one and announced, or — when it only shows a version already recorded — taken as it is.
   */
  async applyEdit(section: ConfigSectionName, source: ConfigSource): Promise<boolean> {
    const { files, history, state } = this.options;
    if (files.read(section).kind === 'missing') {
      files.write(section, state.values(section), state.version(section));
      return false;
    }
    const file = state.readValid(section, true);
    if (!file || isDeepStrictEqual(file.values, state.values(section))) return false;
    const outcome = await this.options.db.transaction(async () => {
      const latest = await history.latestLocked(section);
      const behind = latest !== undefined && latest.version > state.version(section);
      const merged = behind
        ? mergeEdit(section, state.values(section), file.values, fromDatabase(latest))
        : validateSection(section, file.values);
      if (!merged.valid) {
        this.options.logger.warn(`refused ${section}.yaml: it conflicts with a version another host recorded`);
        return latest ? { values: fromDatabase(latest), version: latest.version, recorded: false } : undefined;
      }
      if (latest && isDeepStrictEqual(merged.values, fromDatabase(latest)))
        return { values: merged.values, version: latest.version, recorded: false };
      const version = await history.record(section, merged.values, source);
      // Written inside the transaction: a failed write rolls the version back.
      files.write(section, merged.values, version);
      return { values: merged.values, version, recorded: true };
    });
    if (!outcome) return false;
    state.put(section, outcome.values, outcome.version, outcome.recorded ? source : undefined);
    if (outcome.recorded) this.options.logger.info(`applied ${section} configuration from disk`, { source });
    else files.write(section, outcome.values, outcome.version);
    return true;
  }

  /** Another host recorded a newer version: an edit of this mirror not yet seen goes on top, then the latest is taken. */
  async pull(section: ConfigSectionName): Promise<void> {
    const { files, history, state } = this.options;
    await this.applyEdit(section, 'file');
    const latest = await history.latest(section);
    if (!latest || latest.version <= state.version(section)) return;
    const values = fromDatabase(latest);
    state.put(section, values, latest.version);
    files.write(section, values, latest.version);
  }
}
