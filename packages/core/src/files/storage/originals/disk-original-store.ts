import { createReadStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { NotFoundError } from '../../../errors/not-found-error';
import type { ByteRange, OriginalStore } from './original-store';

/** Originals as files named by id in one folder (`DATA_DIR/files`): the embedded default. */
export class DiskOriginalStore implements OriginalStore {
  constructor(private readonly dir: string) {}

  pathOf(fileId: string): string {
    return join(this.dir, fileId);
  }

  async put(fileId: string, path: string): Promise<void> {
    await rename(path, this.pathOf(fileId));
  }

  async open(fileId: string, range?: ByteRange): Promise<Readable | undefined> {
    return openLocal(this.pathOf(fileId), range);
  }

  async localPath(fileId: string): Promise<string> {
    const path = this.pathOf(fileId);
    if (!(await stat(path).catch(() => undefined))) throw new NotFoundError('original', fileId);
    return path;
  }

  /** The file on disk is the original itself: nothing to drop. */
  async release(): Promise<void> {}

  async delete(fileId: string): Promise<void> {
    await rm(this.pathOf(fileId), { force: true });
  }
}

/** A local file as a stream (or a range of it); undefined when it does not exist. */
export async function openLocal(path: string, range?: ByteRange): Promise<Readable | undefined> {
  const stream = createReadStream(path, range ? { start: range.start, end: range.end } : {});
  // Opening is asynchronous: wait for it so a missing file is an answer, not a stream error later.
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? resolve(undefined) : reject(error));
    stream.once('error', failed);
    stream.once('ready', () => {
      stream.off('error', failed);
      resolve(stream);
    });
  });
}
