import type { ConfigSectionName, ConfigSource, StudioConfig } from '@studio/shared';
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from '../logger';
import type { ConfigFiles } from './config-files';
import type { ConfigHistory } from './config-history';
import type { ConfigState, SectionSource } from './config-state';

export interface ConfigFileSourceOptions {
  files: ConfigFiles;
  history: ConfigHistory;
  logger: Logger;
  state: ConfigState;
}

/** Without a shared database: the YAML files are the configuration; the database keeps each version. */
export class ConfigFileSource implements SectionSource {
  constructor(private readonly options: ConfigFileSourceOptions) {}

  start(section: ConfigSectionName): Promise<void> {
    return this.load(section, 'reload', false).then(() => undefined);
  }

  applyEdit(section: ConfigSectionName, source: ConfigSource): Promise<boolean> {
    return this.load(section, source, true);
  }

  private async load(section: ConfigSectionName, source: ConfigSource, emitRefusal: boolean): Promise<boolean> {
    const { files, history, state } = this.options;
    const known = state.version(section) > 0;
    const read = files.read(section);
    if (read.kind === 'missing') {
      // First start, or the file was deleted by hand: write what is in force so the file is there to edit.
      files.write(section, state.values(section));
      if (!known) await this.restoreVersion(section, state.values(section));
      return false;
    }
    const result = state.readValid(section, emitRefusal);
    if (!result) {
      if (!known) await this.restoreVersion(section, state.values(section));
      return false;
    }
    if (!known) {
      await this.restoreVersion(section, result.values);
      return false;
    }
    if (isDeepStrictEqual(result.values, state.values(section))) return false;
    const { version, recorded } = await history.recordUnlessRecorded(
      section,
      result.values,
      source,
      state.version(section),
    );
    // Not recorded: another process sharing DATA_DIR and the database wrote this version and announced it.
    state.put(section, result.values, version, recorded ? source : undefined);
    if (recorded) this.options.logger.info(`applied ${section} configuration from disk`, { source });
    return true;
  }

  /** At start-up: adopt the values and reuse the recorded version unless the file changed while we were down. */
  private async restoreVersion(section: ConfigSectionName, values: StudioConfig[ConfigSectionName]): Promise<void> {
    const { history, state } = this.options;
    const latest = await history.latest(section);
    const version =
      latest && isDeepStrictEqual(latest.values, values)
        ? latest.version
        : await history.record(section, values, 'reload');
    state.put(section, values, version);
  }
}
