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
import { fromDatabase, isEditWhileDown, mergeEdit } from './config-mirror';
import { watchConfigDir } from './config-watcher';

export interface ConfigServiceOptions {
  dir: string;
  db: Sql;
  bus: EventBus;
  logger: Logger;
  /** Quiet period after the last write to a file before it is re-read. */
  debounceMs?: number;
  watch?: boolean;
  /**
   * Where configuration lives. `database` (the default on PostgreSQL, which several hosts share): the
   * latest recorded version of each section, each host's YAML files a mirror it writes and watches, and
   * hosts told of a new version through the bus. `files` (the default on SQLite): the YAML files.
   */
  sourceOfTruth?: 'database' | 'files';
}

type SectionValues = StudioConfig[ConfigSectionName];

/**
 * The studio's configuration: typed sections with defaults, persisted as YAML, versioned in the
 * studio's database, applied at once, and hot-reloaded from hand edits (an invalid edit is refused;
 * the last good one stays). Changes — updates, reloads, file edits, versions other hosts recorded —
 * apply one at a time, in order.
 */
export class ConfigService {
  private current: StudioConfig = defaultConfig();
  private readonly sectionVersions = new Map<ConfigSectionName, number>();
  private readonly fileErrors = new Map<ConfigSectionName, ConfigIssue[]>();
  private readonly files: ConfigFiles;
  private readonly history: ConfigHistory;
  private stopWatching?: () => void;
  private stopListening?: () => void;
  private readonly shared: boolean;
  private readonly listeners = new Set<(section: ConfigSectionName) => void>();
  /** The end of the chain of changes; each waits for the one before, so none reads values another is replacing. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ConfigServiceOptions) {
    this.files = new ConfigFiles(options.dir);
    this.history = new ConfigHistory(options.db);
    this.shared = (options.sourceOfTruth ?? (options.db.dialect === 'postgres' ? 'database' : 'files')) === 'database';
  }

  /**
   * Loads every section — from disk, or from the database when it is the source of truth (writing the
   * mirror) — writing defaults where nothing is recorded yet, and starts watching.
   */
  async start(): Promise<void> {
    if (this.shared) {
      // Listen before loading, so a version recorded elsewhere meanwhile is pulled right after.
      this.stopListening = this.options.bus.subscribe('config-change', (event) => {
        const { section } = event.data;
        if ('version' in event.data && event.data.version > this.version(section)) this.onRemoteChange(section);
      });
    }
    await this.serial(async () => {
      for (const section of CONFIG_SECTIONS)
        if (this.shared) await this.startFromDatabase(section);
        else await this.loadSection(section, 'reload', false);
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
    this.stopListening?.();
    this.stopListening = undefined;
    await this.tail;
  }

  /**
   * Called after a section's new values are in force in this process, wherever the change came from.
   * Prefer it to the bus's `config-change` for acting on values: with several processes, the bus event
   * of another host's change arrives before this process has read the new version.
   */
  onChange(listener: (section: ConfigSectionName) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
      this.files.write(section, result.values, this.shared ? recorded : undefined);
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
      for (const section of CONFIG_SECTIONS)
        if (await (this.shared ? this.applyMirrorEdit(section, 'reload') : this.loadSection(section, 'reload', true)))
          changed.push(section);
      return { reloaded: true as const, sections: changed };
    });
  }

  /** A hand edit seen by the watcher; nobody awaits it, so a failure to record it is logged here. */
  private onFileChange(section: ConfigSectionName): void {
    const apply = () => (this.shared ? this.applyMirrorEdit(section, 'file') : this.loadSection(section, 'file', true));
    this.serial(apply).catch((error: unknown) => {
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
    const result = this.readValid(section, emitRefusal);
    if (!result) {
      if (!this.sectionVersions.has(section)) await this.restoreVersion(section, this.current[section]);
      return false;
    }
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
      this.notify(section);
      return true;
    }
    this.adopt(section, result.values, version, source);
    this.options.logger.info(`applied ${section} configuration from disk`, { source });
    return true;
  }

  /** The file's values when it is valid YAML that passes the rules; otherwise the refusal is reported. */
  private readValid(section: ConfigSectionName, emitRefusal: boolean): { values: SectionValues } | undefined {
    const read = this.files.read(section);
    if (read.kind === 'missing') return undefined;
    const result = read.kind === 'ok' ? validateSection(section, read.values) : undefined;
    if (result?.valid) {
      this.fileErrors.delete(section);
      return { values: result.values };
    }
    const errors = result?.errors ?? [{ path: '', message: read.kind === 'unparseable' ? read.message : 'unreadable' }];
    this.fileErrors.set(section, errors);
    const message = `refused ${section}.yaml: ${errors.map(formatIssue).join('; ')}; the last good configuration stays in force`;
    this.options.logger.warn(message);
    if (emitRefusal) this.options.bus.publish('config-change', { section, error: message, errors });
    return undefined;
  }

  /**
   * Start-up with the database as the source of truth: the latest version (the first process records
   * the file's values, or the defaults), unless the mirror holds a hand edit made while this process was
   * down, which becomes a new version. Then the mirror is rewritten to match.
   */
  private async startFromDatabase(section: ConfigSectionName): Promise<void> {
    const read = this.files.read(section);
    const file = this.readValid(section, false);
    const mirrorOf = read.kind === 'ok' ? read.mirrorOf : undefined;
    const { values, version, edited } = await this.options.db.transaction(async () => {
      const latest = await this.history.latestLocked(section);
      if (latest && !(file && isEditWhileDown(file.values, mirrorOf, latest)))
        return { values: fromDatabase(latest), version: latest.version, edited: false };
      const values = file?.values ?? this.current[section];
      return { values, version: await this.history.record(section, values, 'reload'), edited: latest !== undefined };
    });
    if (edited) this.adopt(section, values, version, 'reload');
    else this.setSection(section, values);
    this.sectionVersions.set(section, version);
    // A refused file stays as it is, for its author to fix; any other mirror is brought up to date.
    if (read.kind === 'missing' || (file && (mirrorOf !== version || !isDeepStrictEqual(file.values, values))))
      this.files.write(section, values, version);
  }

  /**
   * A change of this host's mirror (a hand edit, or `config.reload`): recorded as a new version on top of
   * the latest one and announced, or — when it only shows a version already recorded — taken as it is.
   */
  private async applyMirrorEdit(section: ConfigSectionName, source: ConfigSource): Promise<boolean> {
    if (this.files.read(section).kind === 'missing') {
      this.files.write(section, this.current[section], this.version(section));
      return false;
    }
    const file = this.readValid(section, true);
    if (!file || isDeepStrictEqual(file.values, this.current[section])) return false;
    const outcome = await this.options.db.transaction(async () => {
      const latest = await this.history.latestLocked(section);
      const behind = latest !== undefined && latest.version > this.version(section);
      const merged = behind
        ? mergeEdit(section, this.current[section], file.values, fromDatabase(latest))
        : validateSection(section, file.values);
      if (!merged.valid) {
        this.options.logger.warn(`refused ${section}.yaml: it conflicts with a version another host recorded`);
        return latest ? { values: fromDatabase(latest), version: latest.version, recorded: false } : undefined;
      }
      if (latest && isDeepStrictEqual(merged.values, fromDatabase(latest)))
        return { values: merged.values, version: latest.version, recorded: false };
      const version = await this.history.record(section, merged.values, source);
      this.files.write(section, merged.values, version);
      return { values: merged.values, version, recorded: true };
    });
    if (!outcome) return false;
    if (outcome.recorded) {
      this.adopt(section, outcome.values, outcome.version, source);
      this.options.logger.info(`applied ${section} configuration from disk`, { source });
    } else {
      this.take(section, outcome.values, outcome.version);
    }
    return true;
  }

  /** Another host recorded a newer version: an edit of this mirror not yet seen goes on top, then the latest is taken. */
  private onRemoteChange(section: ConfigSectionName): void {
    this.serial(async () => {
      await this.applyMirrorEdit(section, 'file');
      const latest = await this.history.latest(section);
      if (latest && latest.version > this.version(section)) this.take(section, fromDatabase(latest), latest.version);
    }).catch((error: unknown) => {
      this.options.logger.error(`could not read the ${section} configuration another host recorded`, {
        error: String(error),
      });
    });
  }

  /** Puts a version recorded elsewhere in force and mirrors it, announcing nothing: its recorder did. */
  private take(section: ConfigSectionName, values: SectionValues, version: number): void {
    this.setSection(section, values);
    this.sectionVersions.set(section, version);
    this.files.write(section, values, version);
    this.notify(section);
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
    this.notify(section);
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

  private notify(section: ConfigSectionName): void {
    for (const listener of this.listeners) {
      try {
        listener(section);
      } catch (error) {
        this.options.logger.error(`a ${section} configuration listener failed`, { error: String(error) });
      }
    }
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
