import type { Migration } from '../store/migration';

/** The Context Manager's tables: files with their status, the ingestion job queue, chunks and FTS5. */
export const contextMigrations: Migration[] = [
  {
    id: '0100_files',
    sql: `
      CREATE TABLE files (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        mime_type TEXT NOT NULL,
        type TEXT NOT NULL,
        session_id TEXT,
        status TEXT NOT NULL,
        stage TEXT NOT NULL,
        progress INTEGER NOT NULL DEFAULT 0,
        chunk_count INTEGER NOT NULL DEFAULT 0,
        page_count INTEGER,
        error_code TEXT,
        error_message TEXT,
        index_name TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX files_by_created ON files (created_at DESC, id DESC);
      CREATE INDEX files_by_status ON files (status, created_at DESC);

      CREATE TABLE file_jobs (
        file_id TEXT PRIMARY KEY REFERENCES files (id) ON DELETE CASCADE,
        attempts INTEGER NOT NULL DEFAULT 0,
        queued_at TEXT NOT NULL,
        started_at TEXT
      );

      CREATE TABLE file_chunks (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        file_id TEXT NOT NULL REFERENCES files (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        page INTEGER,
        section TEXT
      );
      CREATE INDEX file_chunks_by_file ON file_chunks (file_id, position);

      CREATE VIRTUAL TABLE file_chunks_fts USING fts5(
        text,
        content = 'file_chunks',
        content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER file_chunks_after_insert AFTER INSERT ON file_chunks BEGIN
        INSERT INTO file_chunks_fts (rowid, text) VALUES (new.seq, new.text);
      END;
      CREATE TRIGGER file_chunks_after_delete AFTER DELETE ON file_chunks BEGIN
        INSERT INTO file_chunks_fts (file_chunks_fts, rowid, text) VALUES ('delete', old.seq, old.text);
      END;
    `,
  },
  {
    // Per-term document counts, so search can skip words that occur in a large share of chunks.
    id: '0101_file_chunks_vocab',
    sql: `CREATE VIRTUAL TABLE file_chunks_vocab USING fts5vocab(file_chunks_fts, 'row');`,
  },
];
