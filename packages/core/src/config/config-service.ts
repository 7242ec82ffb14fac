import {
  CONFIG_SECTIONS,
  ConfigSectionNameSchema,
  defaultConfig,
  type ConfigEvent,
  type ConfigIssue,
  type ConfigSectionName,
  type ConfigSource,
  type ConfigUpdateInput,
  type ConfigUpdateOutput,
  type ConfigValidateOutput,
  type ConfigVersions,
  type StudioConfig,
} from '@studio/shared';
import { ConfigConflictError } from '../errors/config-conflict-error';
import { InvalidInputError } from '../errors/invalid-input-error';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import type { Sql } from '../store/sql';
import { ConfigFiles } from './config-files';
import { keepSecrets, maskConfigSecrets, maskSecrets } from './config-secrets';
import { ConfigHistory } from './config-history';
import { validateSection } from './config-validation';
import { ConfigFileSource } from './config-file-source';
import { ConfigMirror } from './config-mirror';
import type { ConfigState, SectionSource } from './config-state';
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
  /** Set when the database is the source of truth. */
  private readonly mirror?: ConfigMirror;
  private readonly source: SectionSource;
  private readonly listeners = new Set<(section: ConfigSectionName) => void>();
  /** The end of the chain of changes; each waits for the one before, so none reads values another is replacing. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ConfigServiceOptions) {
    this.files = new ConfigFiles(options.dir);
    this.history = new ConfigHistory(options.db);
    const state: ConfigState = {
      values: (section) => this.current[section],
      version: (section) => this.version(section),
      put: (section, values, version, announce) => this.put(section, values, version, announce),
      readValid: (section, emitRefusal) => this.readValid(section, emitRefusal),
    };
    const parts = { files: this.files, history: this.history, logger: options.logger, state };
    const shared = (options.sourceOfTruth ?? (options.db.dialect === 'postgres' ? 'database' : 'files')) === 'database';
    this.mirror = shared ? new ConfigMirror({ ...parts, db: options.db }) : undefined;
    this.source = this.mirror ?? new ConfigFileSource(parts);
  }

  /**
   * Loads every section — from disk, or from the database when it is the source of truth (writing the
   * mirror) — writing defaults where nothing is recorded yet, and starts watching.
   */
  async start(): Promise<void> {
    const mirror = this.mirror;
    if (mirror) {
      // Listen before loading, so a version recorded elsewhere meanwhile is pulled right after.
      this.stopListening = this.options.bus.subscribe('config-change', (event) => {
        const { section } = event.data;
        if ('version' in event.data && event.data.version > this.version(section))
          this.serial(() => mirror.pull(section)).catch((error: unknown) => {
            this.options.logger.error(`could not read the ${section} configuration another host recorded`, {
              error: String(error),
            });
          });
      });
    }
    await this.serial(async () => {
      for (const section of CONFIG_SECTIONS) await this.source.start(section);
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
      this.files.write(section, result.values, this.mirror ? recorded : undefined);
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
      for (const section of CONFIG_SECTIONS) if (await this.source.applyEdit(section, 'reload')) changed.push(section);
      return { reloaded: true as const, sections: changed };
    });
  }

  /** A hand edit seen by the watcher; nobody awaits it, so a failure to record it is logged here. */
  private onFileChange(section: ConfigSectionName): void {
    this.serial(() => this.source.applyEdit(section, 'file')).catch((error: unknown) => {
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
    if (emitRefusal) this.announce({ section, error: message, errors });
    return undefined;
  }

  /** Puts a version in force; `announce` (a version this process recorded) also tells every process. */
  private put(section: ConfigSectionName, values: SectionValues, version: number, announce?: ConfigSource): void {
    if (announce) return this.adopt(section, values, version, announce);
    this.setSection(section, values);
    this.sectionVersions.set(section, version);
    this.notify(section);
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
    this.announce({ section, version, values: maskSecrets(section, structuredClone(values)), source });
  }

  /** Tells every process about a change or a refusal; nobody awaits it, so a failure to publish is logged here. */
  private announce(change: ConfigEvent): void {
    this.options.bus.publish('config-change', change).catch((error: unknown) => {
      this.options.logger.error(`could not announce a change of the ${change.section} configuration`, {
        error: String(error),
      });
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
