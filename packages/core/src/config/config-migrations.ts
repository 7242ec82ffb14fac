import type { Migration } from '../store/migration';

export const configMigrations: Migration[] = [
  {
    id: '0001_config_versions',
    sql: `CREATE TABLE config_versions (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      section TEXT NOT NULL,
      version INTEGER NOT NULL,
      values_json TEXT NOT NULL,
      source TEXT NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE (section, version)
    )`,
  },
];
