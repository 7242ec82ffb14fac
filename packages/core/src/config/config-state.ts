import type { ConfigSectionName, ConfigSource, StudioConfig } from '@studio/shared';

type SectionValues = StudioConfig[ConfigSectionName];

/** What a source of configuration needs of the service that holds the values in force. */
export interface ConfigState {
  values(section: ConfigSectionName): SectionValues;
  /** 0 until a version of the section is in force. */
  version(section: ConfigSectionName): number;
  /** Puts a version in force; `announce` (a version this process recorded) also tells every process. */
  put(section: ConfigSectionName, values: SectionValues, version: number, announce?: ConfigSource): void;
  /** The file's values when valid; otherwise the refusal is logged (and with `emitRefusal`, announced). */
  readValid(section: ConfigSectionName, emitRefusal: boolean): { values: SectionValues } | undefined;
}

/** Where a section's values come from: the YAML files, or the database with the files as its mirror. */
export interface SectionSource {
  /** Loads the section at start-up. */
  start(section: ConfigSectionName): Promise<void>;
  /** Applies the section's file as it now is (a hand edit, or `config.reload`); true when values changed. */
  applyEdit(section: ConfigSectionName, source: ConfigSource): Promise<boolean>;
}
