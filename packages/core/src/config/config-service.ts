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
  type ConfigVersions,
  type StudioConfig,
} from '@studio/shared';
import { isDeepStrictEqual } from 'node:util';
import { ConfigConflictError } from '../errors/config-conflict-error';
import { InvalidInputError } from '../errors/invalid-input-error';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import type { Sql } from '../store/sql';
import { ConfigFiles } from './config-files';
import { keepSecrets, maskConfigSecrets, maskSecrets } from './config-secrets';
import { ConfigHistory } from './config-history';
import { validateSection } from './config-validation';
import { watchConfigDir } from './config-watcher';

export interface ConfigServiceOptions {
  dir: string;
  db: Sql;
  bus: EventBus;
  logger: Logger;
  /** Quiet period after the last write to a file before it is re-read. */
  debounceMs?: number;
  watch?: boolean;
}

/**
 * The studio's configuration: typed sections with defaults, persisted as YAML, versioned in the
 * studio's database, applied at once, and hot-reloaded from hand edits (an invalid edit is refused;
 * the last good one stays). Changes — updates, reloads, file edits — apply one at a time, in order.
 */
export class ConfigService {
  private current: StudioConfig = defaultConfig();
  private readonly sectionVersions = new Map<ConfigSectionName, number>();
  private readonly fileErrors = new Map<ConfigSectionName, ConfigIssue[]>();
  private readonly files: ConfigFiles;
  private readonly history: ConfigHistory;
  private stopWatching?: () => void;
  /** The end of the chain of changes; each waits for the one before, so none reads values another is replacing. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ConfigServiceOptions) {
    this.files = new ConfigFiles(options.dir);
    this.history = new ConfigHistory(options.db);
  }

  /** Loads every section from disk (writing defaults where a file is missing) and starts watching. */
  async start(): Promise<void> {
    await this.serial(async () => {
      for (const section of CONFIG_SECTIONS) await this.loadSection(section, 'reload', false);
    });
    if (this.options.watch !== false) {
      this.stopWatching = watchConfigDir(
        this.options.dir,
        (section) => this.onFileChange(section),
        this.options.debounceMs ?? 250,
      );
    }
  }

  /** Stops watching and resolves once a change already under way has been recorded. */
  async stop(): Promise<void> {
    this.stopWatching?.();
    this.stopWatching = undefined;
    await this.tail;
  }

  /** The whole configuration as handed out: secrets (MCP `env`/`headers` values) masked. */
  get(): StudioConfig {
    return maskConfigSecrets(structuredClone(this.current));
  }

  section<S extends ConfigSectionName>(section: S): StudioConfig[S] {
    return structuredClone(this.current[section]);
  }

  version(section: ConfigSectionName): number {
    return this.sectionVersions.get(section) ?? 0;
  }

  /** Every section's current version. */
  versions(): ConfigVersions {
    return Object.fromEntries(CONFIG_SECTIONS.map((section) => [section, this.version(section)])) as ConfigVersions;
  }

  /**
   * Merges a patch over the section's latest recorded values and records the result; refuses the whole
   * change if any rule breaks, or if `expectedVersion` is given and is no longer the current version.
   */
  update(input: ConfigUpdateInput): Promise<ConfigUpdateOutput> {
    return this.serial(() => this.applyUpdate(input));
  }

  private async applyUpdate(input: ConfigUpdateInput): Promise<ConfigUpdateOutput> {
    const section = input.section;
    // Read, merge, record and write under the section's lock, so a patch from another process sharing
    // the database lands on top of this one instead of replacing it.
    const { values, version } = await this.options.db.transaction(async () => {
      const latest = await this.history.latestLocked(section);
      const currentVersion = latest?.version ?? this.version(section);
      if (input.expectedVersion !== undefined && input.expectedVersion !== currentVersion)
        throw new ConfigConflictError(section, input.expectedVersion, currentVersion);
      const result = validateSection(section, {
        ...(latest?.values ?? this.current[section]),
        ...stripUndefined(keepSecrets(section, input.values, latest?.values ?? this.current[section])),
      });
      if (!result.valid) {
        throw new InvalidInputError(
          'CONFIG_INVALID',
          `invalid ${section} configuration: ${result.errors.map(formatIssue).join('; ')}`,
          result.errors.map((issue) => ({ ...issue, path: `values.${issue.path}` })),
        );
      }
      // The version is recorded and the file replaced together: a failed write rolls the version back.
      const recorded = await this.history.record(section, result.values, 'api');
      this.files.write(section, result.values);
      return { values: result.values, version: recorded };
    });
    this.adopt(section, values, version, 'api');
    return { section, values: maskSecrets(section, values), version };
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
  reload(): Promise<{ reloaded: true; sections: ConfigSectionName[] }> {
    return this.serial(async () => {
      const changed: ConfigSectionName[] = [];
      for (const section of CONFIG_SECTIONS) if (await this.loadSection(section, 'reload', true)) changed.push(section);
      return { reloaded: true as const, sections: changed };
    });
  }

  /** A hand edit seen by the watcher; nobody awaits it, so a failure to record it is logged here. */
  private onFileChange(section: ConfigSectionName): void {
    this.serial(() => this.loadSection(section, 'file', true)).catch((error: unknown) => {
      this.options.logger.error(`could not apply ${section}.yaml; the last good configuration stays in force`, {
        error: String(error),
      });
    });
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async loadSection(section: ConfigSectionName, source: ConfigSource, emitRefusal: boolean): Promise<boolean> {
    const read = this.files.read(section);
    if (read.kind === 'missing') {
      // First start, or the file was deleted by hand: write what is in force so the file is there to edit.
      this.files.write(section, this.current[section]);
      if (!this.sectionVersions.has(section)) await this.restoreVersion(section, this.current[section]);
      return false;
    }
    const result = read.kind === 'ok' ? validateSection(section, read.values) : undefined;
    if (!result || !result.valid) {
      const errors = result?.errors ?? [
        { path: '', message: read.kind === 'unparseable' ? read.message : 'unreadable' },
      ];
      this.fileErrors.set(section, errors);
      const message = `refused ${section}.yaml: ${errors.map(formatIssue).join('; ')}; the last good configuration stays in force`;
      this.options.logger.warn(message);
      if (emitRefusal) this.options.bus.publish('config-change', { section, error: message, errors });
      if (!this.sectionVersions.has(section)) await this.restoreVersion(section, this.current[section]);
      return false;
    }
    this.fileErrors.delete(section);
    if (!this.sectionVersions.has(section)) {
      await this.restoreVersion(section, result.values);
      return false;
    }
    if (isDeepStrictEqual(result.values, this.current[section])) return false;
    const { version, recorded } = await this.history.recordUnlessRecorded(
      section,
      result.values,
      source,
      this.sectionVersions.get(section) ?? 0,
    );
    if (!recorded) {
      // Another process sharing DATA_DIR and the database wrote this version and announced it: just take it.
      this.setSection(section, result.values);
      this.sectionVersions.set(section, version);
      return true;
    }
    this.adopt(section, result.values, version, source);
    this.options.logger.info(`applied ${section} configuration from disk`, { source });
    return true;
  }

  /** At start-up: adopt the values and reuse the recorded version unless the file changed while we were down. */
  private async restoreVersion(section: ConfigSectionName, values: StudioConfig[ConfigSectionName]): Promise<void> {
    const latest = await this.history.latest(section);
    const version =
      latest && isDeepStrictEqual(latest.values, values)
        ? latest.version
        : await this.history.record(section, values, 'reload');
    this.setSection(section, values);
    this.sectionVersions.set(section, version);
  }

  /** Puts a recorded version in force and announces it. */
  private adopt(
    section: ConfigSectionName,
    values: StudioConfig[ConfigSectionName],
    version: number,
    source: ConfigSource,
  ): void {
    this.setSection(section, values);
    this.sectionVersions.set(section, version);
    this.options.bus.publish('config-change', {
      section,
      version,
      values: maskSecrets(section, structuredClone(values)),
      source,
    });
  }

  private setSection(section: ConfigSectionName, values: StudioConfig[ConfigSectionName]): void {
    this.current = { ...this.current, [section]: values };
  }

  /** Section names are validated at the edge too; this guards direct core callers. */
  static parseSection(value: string): ConfigSectionName {
    const parsed = ConfigSectionNameSchema.safeParse(value);
    if (!parsed.success)
      throw new InvalidInputError('CONFIG_UNKNOWN_SECTION', `unknown configuration section ${JSON.stringify(value)}`);
    return parsed.data;
  }
}

function formatIssue(issue: ConfigIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

function stripUndefined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
