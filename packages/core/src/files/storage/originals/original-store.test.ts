import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../../store/sql';
import { DIALECTS, testDatabases, type Dialect } from '../../../store/test-support/dialects';
import { FileStore } from '../file-store';
import { filesMigrations } from '../files-migrations';
import { DiskOriginalStore } from './disk-original-store';
import type { OriginalStore } from './original-store';
import { ORIGINAL_PIECE_BYTES, PostgresOriginalStore } from './postgres-original-store';

const databases = testDatabases(filesMigrations, 'originals');
const folders: string[] = [];
afterAll(async () => {
  await databases.closeAll();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
  const path = mkdtempSync(join(tmpdir(), 'originals-'));
  folders.push(path);
  return path;
}

/** The store the file service picks for a dialect, on a data folder of its own ("a host"). */
function storeFor(db: Sql, dir: string): OriginalStore {
  return db.dialect === 'postgres' ? new PostgresOriginalStore(db, dir) : new DiskOriginalStore(dir);
}

async function read(stream: Readable | undefined): Promise<Buffer> {
  if (!stream) throw new Error('no original');
  const pieces: Buffer[] = [];
  for await (const piece of stream) pieces.push(piece as Buffer);
  return Buffer.concat(pieces);
}

/** Uploads as the file service does: the original and the file row in one transaction. */
async function upload(db: Sql, store: OriginalStore, dir: string, id: string, bytes: Buffer, fail = false) {
  const incoming = join(dir, '..', `${id}-${Date.now()}.upload`);
  writeFileSync(incoming, bytes);
  await db.transaction(async () => {
    await store.put(id, incoming);
    if (fail) throw new Error('the row could not be written');
    await new FileStore(db).insertWithJob(
      { id, name: `${id}.bin`, size: bytes.length, mimeType: 'text/plain', type: 'txt', createdAt: 'now' },
      'now',
    );
  });
}

async function storedRows(db: Sql): Promise<number> {
  if (db.dialect !== 'postgres') return 0;
  return (await db.get<{ count: number }>('SELECT COUNT(*) AS count FROM file_originals'))?.count ?? 0;
}

describe.each(DIALECTS)('the original store on %s', (dialect: Dialect) => {
  // Two and a half pieces, so ranges cross piece boundaries.
  const bytes = randomBytes(ORIGINAL_PIECE_BYTES * 2 + ORIGINAL_PIECE_BYTES / 2);

  it('keeps the exact bytes and serves any range of them', async () => {
    const db = await databases.open(dialect);
    const dir = folder();
    const store = storeFor(db, dir);
    await upload(db, store, dir, 'f1', bytes);
    // On PostgreSQL, read where no local copy exists: the pieces themselves.
    const reader = dialect === 'postgres' ? storeFor(db, folder()) : store;
    expect((await read(await reader.open('f1'))).equals(bytes)).toBe(true);
    for (const [start, end] of [
      [0, 0],
      [ORIGINAL_PIECE_BYTES - 3, ORIGINAL_PIECE_BYTES + 2],
      [10, ORIGINAL_PIECE_BYTES * 2 + 10],
      [bytes.length - 1, bytes.length - 1],
    ] as const) {
      expect((await read(await reader.open('f1', { start, end }))).equals(bytes.subarray(start, end + 1))).toBe(true);
    }
    expect(await store.open('unknown')).toBeUndefined();
  });

  it('removes the original (and its local copy) on delete', async () => {
    const db = await databases.open(dialect);
    const dir = folder();
    const store = storeFor(db, dir);
    await upload(db, store, dir, 'f2', Buffer.from('short original'));
    const local = await store.localPath('f2');
    await store.delete('f2');
    expect(await store.open('f2')).toBeUndefined();
    expect(existsSync(local)).toBe(false);
    expect(await storedRows(db)).toBe(0);
    await expect(store.localPath('f2')).rejects.toMatchObject({ code: 'ORIGINAL_NOT_FOUND' });
  });

  it('leaves no row behind when the upload fails before its file row is written', async () => {
    const db = await databases.open(dialect);
    const dir = folder();
    const store = storeFor(db, dir);
    await expect(upload(db, store, dir, 'f3', bytes, true)).rejects.toThrow('could not be written');
    expect(await storedRows(db)).toBe(0);
  });
});

describe('the original store on PostgreSQL, read from another host', () => {
  it("serves and ingests a file from another process's disk, the local copy being only a cache", async () => {
    const db = await databases.open('postgres');
    const peer = await databases.openPeer(db);
    const hostA = folder();
    const hostB = folder();
    const bytes = randomBytes(ORIGINAL_PIECE_BYTES + 12345);
    await upload(db, new PostgresOriginalStore(db, hostA), hostA, 'shared', bytes);

    // A keeps nothing on its disk: the database holds the original.
    expect(readdirSync(hostA)).toEqual([]);
    const onB = new PostgresOriginalStore(peer, hostB);
    expect((await read(await onB.open('shared'))).equals(bytes)).toBe(true);
    const local = await onB.localPath('shared');
    expect(local.startsWith(hostB)).toBe(true);
    expect(readFileSync(local).equals(bytes)).toBe(true);
    await onB.release('shared');
    expect(existsSync(local)).toBe(false);
    expect((await read(await onB.open('shared', { start: 5, end: 9 }))).equals(bytes.subarray(5, 10))).toBe(true);

    // Deleting the file row takes the original with it.
    await db.run('DELETE FROM files WHERE id = ?', ['shared']);
    expect(await storedRows(db)).toBe(0);
  });
});
