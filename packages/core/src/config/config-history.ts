import type { ConfigSectionName, ConfigSource } from '@studio/shared';
import { isDeepStrictEqual } from 'node:util';
import type { Sql } from '../store/sql';

export interface ConfigVersion {
  section: ConfigSectionName;
  version: number;
  values: Record<string, unknown>;
  source: ConfigSource;
  createdAt: string;
}

const COLUMNS = 'section, version, values_json, source, created_at';

/** Every applied version of every section, kept in the studio's database so a change can be traced or rolled back. */
export class ConfigHistory {
  constructor(private readonly sql: Sql) {}

  async latest(section: ConfigSectionName): Promise<ConfigVersion | undefined> {
    const row = await this.sql.get<Row>(
      `SELECT ${COLUMNS} FROM config_versions WHERE section = ? ORDER BY version DESC LIMIT 1`,
      [section],
    );
    return row ? toVersion(row) : undefined;
  }

  /** The latest version, read under the section's lock: call inside a transaction that then records. */
  async latestLocked(section: ConfigSectionName): Promise<ConfigVersion | undefined> {
    await this.lock(section);
    return this.latest(section);
  }

  async list(section: ConfigSectionName): Promise<ConfigVersion[]> {
    const rows = await this.sql.all<Row>(
      `SELECT ${COLUMNS} FROM config_versions WHERE section = ? ORDER BY version ASC`,
      [section],
    );
    return rows.map(toVersion);
  }

  /**
   * Values read from a file another process may have just written and recorded (it writes the file
   * inside its recording transaction): under the same lock, the version it recorded when the values
   * match one newer than `knownVersion`, else a new version.
   */
  async recordUnlessRecorded(
    section: ConfigSectionName,
    values: Record<string, unknown>,
    source: ConfigSource,
    knownVersion: number,
  ): Promise<{ version: number; recorded: boolean }> {
    return this.sql.transaction(async () => {
      await this.lock(section);
      const latest = await this.latest(section);
      if (
        latest &&
        latest.version > knownVersion &&
        isDeepStrictEqual(latest.values, JSON.parse(JSON.stringify(values)))
      ) {
        return { version: latest.version, recorded: false };
      }
      return { version: await this.record(section, values, source), recorded: true };
    });
  }

  /** Appends the next version of `section`; two processes recording at once get consecutive numbers. */
  async record(section: ConfigSectionName, values: Record<string, unknown>, source: ConfigSource): Promise<number> {
    return this.sql.transaction(async () => {
      await this.lock(section);
      const current = await this.sql.get<{ version: number }>(
        'SELECT COALESCE(MAX(version), 0) AS version FROM config_versions WHERE section = ?',
        [section],
      );
      const version = (current?.version ?? 0) + 1;
      await this.sql.run(`INSERT INTO config_versions (${COLUMNS}) VALUES (?, ?, ?, ?, ?)`, [
        section,
        version,
        JSON.stringify(values),
        source,
        new Date().toISOString(),
      ]);
      return version;
    });
  }

  /**
   * SQLite's BEGIN IMMEDIATE already serialises writers; PostgreSQL's READ COMMITTED would let two
   * transactions read the same MAX(version), so take a per-section lock (held until commit) first.
   */
  private async lock(section: ConfigSectionName): Promise<void> {
    if (this.sql.dialect === 'postgres')
      await this.sql.run('SELECT pg_advisory_xact_lock(7262018, hashtext(?))', [section]);
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
