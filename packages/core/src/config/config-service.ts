import {
  CONFIG_SECTIONS,
  ConfigSectionNameSchema,
  defaultConfig,
  type ConfigIssue,
  type ConfigSectionName,
  type ConfigSource,
  type ConfigUpdateInput,
  type ConfigUpdateOutput,
  type ConfigValidateOutput,
  type StudioConfig,
} from '@studio/shared';
import { isDeepStrictEqual } from 'node:util';
import { InvalidInputError } from '../errors/invalid-input-error';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import type { SqliteDatabase } from '../store/database';
import { ConfigFiles } from './config-files';
import { ConfigHistory } from './config-history';
import { validateSection } from './config-validation';
import { watchConfigDir } from './config-watcher';

export interface ConfigServiceOptions {
  dir: string;
  db: SqliteDatabase;
  bus: EventBus;
  logger: Logger;
  /** Quiet period after the last write to a file before it is re-read. */
  debounceMs?: number;
  watch?: boolean;
}

/**
 * The studio's configuration: typed sections with defaults, persisted as YAML, versioned in SQLite,
 * applied at once, and hot-reloaded from hand edits (an invalid edit is refused; the last good one stays).
 */
export class ConfigService {
  private current: StudioConfig = defaultConfig();
  private readonly versions = new Map<ConfigSectionName, number>();
  private readonly fileErrors = new Map<ConfigSectionName, ConfigIssue[]>();
  private readonly files: ConfigFiles;
  private readonly history: ConfigHistory;
  private stopWatching?: () => void;

  constructor(private readonly options: ConfigServiceOptions) {
    this.files = new ConfigFiles(options.dir);
    this.history = new ConfigHistory(options.db);
  }

  /** Loads every section from disk (writing defaults where a file is missing) and starts watching. */
  start(): void {
    for (const section of CONFIG_SECTIONS) this.loadSection(section, 'reload', false);
    if (this.options.watch !== false) {
      this.stopWatching = watchConfigDir(
        this.options.dir,
        (section) => this.loadSection(section, 'file', true),
        this.options.debounceMs ?? 250,
      );
    }
  }

  stop(): void {
    this.stopWatching?.();
    this.stopWatching = undefined;
  }

  get(): StudioConfig {
    return structuredClone(this.current);
  }

  section<S extends ConfigSectionName>(section: S): StudioConfig[S] {
    return structuredClone(this.current[section]);
  }

  version(section: ConfigSectionName): number {
    return this.versions.get(section) ?? 0;
  }

  /** Merges a partial section over the current one; refuses the whole change if any rule breaks. */
  update(input: ConfigUpdateInput): ConfigUpdateOutput {
    const section = input.section;
    const merged = { ...this.current[section], ...stripUndefined(input.values) };
    const result = validateSection(section, merged);
    if (!result.valid) {
      throw new InvalidInputError(
        'CONFIG_INVALID',
        `invalid ${section} configuration: ${result.errors.map(formatIssue).join('; ')}`,
        result.errors.map((issue) => ({ ...issue, path: `values.${issue.path}` })),
      );
    }
    this.files.write(section, result.values);
    const version = this.apply(section, result.values, 'api');
    return { section, values: result.values, version };
  }

  /** Checks candidate values, or with none the file on disk, without applying anything. */
  validate(section: ConfigSectionName, values?: Record<string, unknown>): ConfigValidateOutput {
    if (values !== undefined) {
      const result = validateSection(section, { ...this.current[section], ...values });
      return { valid: result.valid, errors: result.errors };
    }
    const read = this.files.read(section);
    if (read.kind === 'unparseable') return { valid: false, errors: [{ path: '', message: read.message }] };
    if (read.kind === 'missing') return { valid: true, errors: [] };
    const result = validateSection(section, read.values);
    return { valid: result.valid, errors: result.errors };
  }

  /** Re-reads every file; sections whose file is invalid keep their last good values. */
  reload(): { reloaded: true; sections: ConfigSectionName[] } {
    const changed = CONFIG_SECTIONS.filter((section) => this.loadSection(section, 'reload', true));
    return { reloaded: true, sections: changed };
  }

  private loadSection(section: ConfigSectionName, source: ConfigSource, emitRefusal: boolean): boolean {
    const read = this.files.read(section);
    if (read.kind === 'missing') {
      // First start, or the file was deleted by hand: write what is in force so the file is there to edit.
      this.files.write(section, this.current[section]);
      if (!this.versions.has(section)) this.restoreVersion(section, this.current[section]);
      return false;
    }
    const result = read.kind === 'ok' ? validateSection(section, read.values) : undefined;
    if (!result || !result.valid) {
      const errors = result?.errors ?? [{ path: '', message: read.kind === 'unparseable' ? read.message : 'unreadable' }];
      this.fileErrors.set(section, errors);
      const message = `refused ${section}.yaml: ${errors.map(formatIssue).join('; ')}; the last good configuration stays in force`;
      this.options.logger.warn(message);
      if (emitRefusal) this.options.bus.publish('config-change', { section, error: message, errors });
      if (!this.versions.has(section)) this.restoreVersion(section, this.current[section]);
      return false;
    }
    this.fileErrors.delete(section);
    if (!this.versions.has(section)) {
      this.restoreVersion(section, result.values);
      return false;
    }
    if (isDeepStrictEqual(result.values, this.current[section])) return false;
    this.apply(section, result.values, source);
    this.options.logger.info(`applied ${section} configuration from disk`, { source });
    return true;
  }

  /** At start-up: adopt the values and reuse the recorded version unless the file changed while we were down. */
  private restoreVersion(section: ConfigSectionName, values: StudioConfig[ConfigSectionName]): void {
    const latest = this.history.latest(section);
    const version =
      latest && isDeepStrictEqual(latest.values, values) ? latest.version : this.history.record(section, values, 'reload');
    this.setSection(section, values);
    this.versions.set(section, version);
  }

  private apply(section: ConfigSectionName, values: StudioConfig[ConfigSectionName], source: ConfigSource): number {
    const version = this.history.record(section, values, source);
    this.setSection(section, values);
    this.versions.set(section, version);
    this.options.bus.publish('config-change', { section, version, values: structuredClone(values), source });
    return version;
  }

  private setSection(section: ConfigSectionName, values: StudioConfig[ConfigSectionName]): void {
    this.current = { ...this.current, [section]: values };
  }

  /** Section names are validated at the edge too; this guards direct core callers. */
  static parseSection(value: string): ConfigSectionName {
    const parsed = ConfigSectionNameSchema.safeParse(value);
    if (!parsed.success) throw new InvalidInputError('CONFIG_UNKNOWN_SECTION', `unknown configuration section ${JSON.stringify(value)}`);
    return parsed.data;
  }
}

function formatIssue(issue: ConfigIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

function stripUndefined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
