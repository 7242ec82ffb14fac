/**
 * One schema step; ids sort in the order they must run ("0100_files"). `sql` is SQLite's text;
 * `postgres` is PostgreSQL's where the two differ (full-text search, identity columns).
 */
export interface Migration {
  id: string;
  sql: string;
  postgres?: string;
}
