import type { Sql } from '../../store/sql';
import type { KeywordIndex } from './keyword-index';
import { PostgresKeywordIndex } from './postgres-keyword-index';
import { SqliteKeywordIndex } from './sqlite-keyword-index';

/** The keyword index of the database's dialect: FTS5 on SQLite, tsvector + GIN on PostgreSQL. */
export function createKeywordIndex(sql: Sql): KeywordIndex {
  return sql.dialect === 'postgres' ? new PostgresKeywordIndex(sql) : new SqliteKeywordIndex(sql);
}
