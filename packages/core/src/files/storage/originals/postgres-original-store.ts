import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NotFoundError } from '../../../errors/not-found-error';
import type { Sql } from '../../../store/sql';
import { openLocal } from './disk-original-store';
import type { ByteRange, OriginalStore } from './original-store';

/** Bytes per row: large enough that a 100 MB file is 100 rows, small enough never to matter in memory. */
export const ORIGINAL_PIECE_BYTES = 1024 * 1024;

/**
 * Originals in PostgreSQL (`file_originals`, ~1 MB pieces), so any process can ingest or serve a
 * file whichever host received it. Bytes stream in and out a piece at a time, never whole in memory.
 * `cacheDir` (under DATA_DIR) holds the copies the extractor reads, only while a file is ingested:
 * a copy left on one host would outlive a delete made on another.
 */
export class PostgresOriginalStore implements OriginalStore {
  constructor(
    private readonly sql: Sql,
    private readonly cacheDir: string,
    /** Where originals lay before they were kept in the database (several processes on one shared DATA_DIR). */
    private readonly legacyDir?: string,
  ) {
    mkdirSync(cacheDir, { recursive: true });
  }

  /** Streams the file in and removes it from disk. */
  async put(fileId: string, path: string): Promise<void> {
    await this.sql.transaction(async () => {
      let seq = 0;
      let start = 0;
      for await (const piece of createReadStream(path, {
        highWaterMark: ORIGINAL_PIECE_BYTES,
      }) as AsyncIterable<Buffer>) {
        await this.sql.run('INSERT INTO file_originals (file_id, seq, start_byte, bytes) VALUES (?, ?, ?, ?)', [
          fileId,
          seq,
          start,
          piece,
        ]);
        seq += 1;
        start += piece.length;
      }
    });
    await rm(path, { force: true });
  }

  async open(fileId: string, range?: ByteRange): Promise<Readable | undefined> {
    const first = await this.sql.get<{ seq: number }>(
      'SELECT seq FROM file_originals WHERE file_id = ? AND start_byte <= ? ORDER BY seq DESC LIMIT 1',
      [fileId, range?.start ?? 0],
    );
    if (!first) return this.legacyDir ? openLocal(join(this.legacyDir, fileId), range) : undefined;
    return Readable.from(this.pieces(fileId, first.seq, range));
  }

  async localPath(fileId: string): Promise<string> {
    const path = this.cachePath(fileId);
    const cached = await openLocal(path);
    if (cached) {
      cached.destroy();
      return path;
    }
    const source = await this.open(fileId);
    if (!source) throw new NotFoundError('original', fileId);
    // Written under a temp name and renamed, so a copy cut short is never taken for the original.
    const temp = join(this.cacheDir, `${randomUUID()}.fetching`);
    try {
      await pipeline(source, createWriteStream(temp, { mode: 0o600 }));
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return path;
  }

  /**
   * Moves originals still lying in `legacyDir` (kept there before this table existed) into the
   * database, so every process can read them; returns how many moved. Another process adopting the
   * same file at once makes one of the two fail harmlessly (the key is unique).
   */
  async adoptLegacy(knownIds: ReadonlySet<string>): Promise<number> {
    if (!this.legacyDir) return 0;
    let adopted = 0;
    for (const entry of readdirSync(this.legacyDir, { withFileTypes: true })) {
      if (!entry.isFile() || !knownIds.has(entry.name)) continue;
      const held = await this.sql.get('SELECT 1 AS one FROM file_originals WHERE file_id = ? LIMIT 1', [entry.name]);
      if (held) continue;
      // One that fails stays where it is (still served from there) and is tried again at the next start.
      const moved = await this.put(entry.name, join(this.legacyDir, entry.name)).then(
        () => true,
        () => false,
      );
      if (moved) adopted += 1;
    }
    return adopted;
  }

  async release(fileId: string): Promise<void> {
    await rm(this.cachePath(fileId), { force: true });
  }

  async delete(fileId: string): Promise<void> {
    await this.sql.run('DELETE FROM file_originals WHERE file_id = ?', [fileId]);
    await this.release(fileId);
    if (this.legacyDir) await rm(join(this.legacyDir, fileId), { force: true });
  }

  private cachePath(fileId: string): string {
    return join(this.cacheDir, fileId);
  }

  /** The pieces from `seq` on, one query each, cut to the range. */
  private async *pieces(fileId: string, fromSeq: number, range?: ByteRange): AsyncGenerator<Buffer> {
    for (let seq = fromSeq; ; seq += 1) {
      const row = await this.sql.get<{ start: number; bytes: Buffer }>(
        'SELECT start_byte AS start, bytes FROM file_originals WHERE file_id = ? AND seq = ?',
        [fileId, seq],
      );
      if (!row) return;
      if (range && row.start > range.end) return;
      const from = range ? Math.max(0, range.start - row.start) : 0;
      const to = range ? Math.min(row.bytes.length, range.end - row.start + 1) : row.bytes.length;
      yield row.bytes.subarray(from, to);
      if (range && row.start + row.bytes.length > range.end) return;
    }
  }
}
