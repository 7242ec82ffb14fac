import type { ConfigSectionName, StudioConfig } from '@studio/shared';
import { isDeepStrictEqual } from 'node:util';
import type { ConfigVersion } from './config-history';
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
