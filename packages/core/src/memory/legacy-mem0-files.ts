import Database from 'better-sqlite3';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger';
import type { Embedder } from '../ports/embedder';
import type { Sql } from '../store/sql';
import type { Mem0ChromaCollection } from './chroma-collection-handle';
import { reembedInto } from './memory-collections';
import { SqlMemoryHistory } from './sql-memory-history';

/**
 * Moves what Mem0 kept in SQLite files under `<dataDir>/memory` before memory moved to Chroma and the
 * studio's database: the vectors (re-embedded into the Chroma collection, same ids and payloads) and
 * the change history. Each file is renamed before it is read, so of two processes starting on one
 * folder only one imports it, and after it is read, so it is imported once; the file itself is kept.
 */
export async function importLegacyMem0Files(options: {
  dir: string;
  collection: Mem0ChromaCollection;
  embedder: Embedder;
  db: Sql;
  logger: Logger;
}): Promise<{ vectors: number; history: number }> {
  const vectors = await importFile(join(options.dir, 'vectors.db'), async (sqlite) => {
    const rows = sqlite.prepare('SELECT id, payload FROM vectors').all() as { id: string; payload: string }[];
    const parsed = rows.map((row) => ({ id: row.id, payload: JSON.parse(row.payload) as Record<string, unknown> }));
    return reembedInto(once(parsed), options.collection, options.embedder);
  });
  const history = await importFile(join(options.dir, 'history.db'), async (sqlite) => {
    const rows = sqlite
      .prepare(
        'SELECT memory_id, previous_value, new_value, action, created_at, updated_at, is_deleted FROM memory_history ORDER BY id',
      )
      .all() as {
      memory_id: string;
      previous_value: string | null;
      new_value: string | null;
      action: string;
      created_at: string | null;
      updated_at: string | null;
      is_deleted: number | null;
    }[];
    const target = new SqlMemoryHistory(options.db);
    await options.db.transaction(async () => {
      for (const row of rows) {
        await target.addHistory(
          row.memory_id,
          row.previous_value,
          row.new_value,
          row.action,
          row.created_at ?? undefined,
          row.updated_at ?? undefined,
          row.is_deleted ?? 0,
        );
      }
    });
    return rows.length;
  });
  if (vectors + history > 0) {
    options.logger.info("moved Mem0's SQLite files into chroma and the database", { vectors, history });
  }
  return { vectors, history };
}

async function importFile(path: string, read: (sqlite: Database.Database) => Promise<number>): Promise<number> {
  const claimed = `${path}.importing`;
  if (existsSync(path)) {
    try {
      // The file was in WAL mode: fold a log left by a crash into it before it moves without its log.
      const writable = new Database(path, { fileMustExist: true });
      writable.pragma('wal_checkpoint(TRUNCATE)');
      writable.close();
      renameSync(path, claimed);
    } catch {
      return 0; // another process claimed it first
    }
  } else if (!existsSync(claimed)) {
    return 0;
  }
  // A claimed file left by a process that died while importing is imported again (upserts; one transaction).
  const sqlite = new Database(claimed, { readonly: true, fileMustExist: true });
  let count: number;
  try {
    count = await read(sqlite).catch((error: unknown) => {
      if (String(error).includes('no such table')) return 0;
      throw error;
    });
  } finally {
    sqlite.close();
  }
  renameSync(claimed, `${path}.imported`);
  return count;
}

async function* once<T>(value: T): AsyncIterable<T> {
  yield value;
}
