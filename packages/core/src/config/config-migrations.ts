import { withAutoId, type Migration } from '../store/migration';

/** The config domain's tables: one row per applied version of a section. */
export const configMigrations: Migration[] = [
  withAutoId(
    '0001_config_versions',
    (autoId) => `CREATE TABLE config_versions (
      id ${autoId},
      section TEXT NOT NULL,
      version INTEGER NOT NULL,
      values_json TEXT NOT NULL,
      source TEXT NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE (section, version)
    )`,
  ),
];
