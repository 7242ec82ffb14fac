import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ABANDONED_UPLOAD_MS, LeftoverSweeper } from './leftover-sweeper';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function layout() {
  const filesDir = mkdtempSync(join(tmpdir(), 'studio-sweep-'));
  roots.push(filesDir);
  const incomingDir = join(filesDir, 'incoming');
  const cacheDir = join(filesDir, 'cache');
  mkdirSync(incomingDir);
  mkdirSync(cacheDir);
  return { filesDir, incomingDir, cacheDir };
}

/** Writes a file last modified at `at`. */
function place(path: string, at: Date): string {
  writeFileSync(path, 'bytes');
  utimesSync(path, at, at);
  return path;
}

describe('LeftoverSweeper', () => {
  it('removes at start every temp upload, fetched copy and original without a file, when the folder is its own', async () => {
    const dirs = layout();
    const now = new Date();
    const kept = place(join(dirs.filesDir, 'file-1'), now);
    const orphan = place(join(dirs.filesDir, 'file-2'), now);
    const upload = place(join(dirs.incomingDir, 'x.upload'), now);
    const copy = place(join(dirs.cacheDir, 'file-1'), now);
    const sweeper = new LeftoverSweeper({
      ...dirs,
      knownIds: async () => new Set(['file-1']),
      graceMs: 0,
      now: () => now,
    });
    await sweeper.sweepAtStart();
    expect([kept, orphan, upload, copy].map(existsSync)).toEqual([true, false, false, false]);
  });

  it('on a shared folder, leaves a fresh upload at start and removes it once no request can still be sending it', async () => {
    const dirs = layout();
    const started = new Date();
    let now = started;
    // Cut off by a crash just before this restart, or still arriving on another process.
    const cutOff = place(join(dirs.incomingDir, 'cut-off.upload'), started);
    const sweeper = new LeftoverSweeper({
      ...dirs,
      knownIds: async () => new Set(),
      graceMs: 60_000,
      now: () => now,
    });
    await sweeper.sweepAtStart();
    expect(existsSync(cutOff)).toBe(true);

    now = new Date(started.getTime() + ABANDONED_UPLOAD_MS + 1000);
    // An upload still being written has a fresh modification time.
    const arriving = place(join(dirs.incomingDir, 'arriving.upload'), now);
    sweeper.sweepAbandonedUploads();
    expect(existsSync(cutOff)).toBe(false);
    expect(existsSync(arriving)).toBe(true);
  });
});
