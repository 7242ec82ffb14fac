import { InvalidInputError } from '../errors/invalid-input-error';

/** Where the previous page ended: creation time and insertion order of its last row. */
export interface MemoryCursor {
  createdAt: string;
  seq: number;
}

/** An opaque cursor for `memory.list`. */
export function encodeCursor(row: MemoryCursor): string {
  return Buffer.from(JSON.stringify([row.createdAt, row.seq])).toString('base64url');
}

/** Reads a cursor back; anything `encodeCursor` did not make is MEMORY_BAD_CURSOR. */
export function decodeCursor(cursor: string): MemoryCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && Number.isInteger(parsed[1])) {
      return { createdAt: parsed[0], seq: parsed[1] as number };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new InvalidInputError('MEMORY_BAD_CURSOR', 'the cursor is not one memory.list returned', [
    { path: 'cursor', message: 'unknown cursor' },
  ]);
}
