import type { ConfigSectionName, ConfigSource } from '@studio/shared';
import type { SqliteDatabase } from '../store/database';

export interface ConfigVersion {
  section: ConfigSectionName;
  version: number;
  values: Record<string, unknown>;
  source: ConfigSource;
  createdAt: string;
}

/** Every applied version of every section, kept in SQLite so a change can be traced or rolled back. */
export class ConfigHistory {
  constructor(private readonly db: SqliteDatabase) {}

  latest(section: ConfigSectionName): ConfigVersion | undefined {
    const row = this.db
      .prepare('SELECT * FROM config_versions WHERE section = ? ORDER BY version DESC LIMIT 1')
      .get(section) as Row | undefined;
    return row ? toVersion(row) : undefined;
  }

  list(section: ConfigSectionName): ConfigVersion[] {
    const rows = this.db
      .prepare('SELECT * FROM config_versions WHERE section = ? ORDER BY version ASC')
      .all(section) as Row[];
    return rows.map(toVersion);
  }

  record(section: ConfigSectionName, values: Record<string, unknown>, source: ConfigSource): number {
    return this.db.transaction(() => {
      const current = this.db
        .prepare('SELECT COALESCE(MAX(version), 0) AS version FROM config_versions WHERE section = ?')
        .get(section) as { version: number };
      const version = current.version + 1;
      this.db
        .prepare(
          'INSERT INTO config_versions (section, version, values_json, source, created_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(section, version, JSON.stringify(values), source, new Date().toISOString());
      return version;
    })();
  }
}

interface Row {
  section: ConfigSectionName;
  version: number;
  values_json: string;
  source: ConfigSource;
  created_at: string;
}

function toVersion(row: Row): ConfigVersion {
  return {
    section: row.section,
    version: row.version,
    values: JSON.parse(row.values_json) as Record<string, unknown>,
    source: row.source,
    createdAt: row.created_at,
  };
}
