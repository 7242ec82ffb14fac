import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/** One file inside a generated zip archive. */
export interface ZipEntry {
  name: string;
  data: string | Buffer;
  /** Store without compression (ODF requires it for `mimetype`). */
  stored?: boolean;
}

interface PreparedEntry {
  name: Buffer;
  compressed: Buffer;
  crc: number;
  size: number;
  method: number;
}

/** Builds a zip archive in memory: enough for OOXML and ODF fixtures. */
export function buildZip(entries: ZipEntry[]): Buffer {
  return assemble(
    entries.map((entry) => {
      const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
      return {
        name: Buffer.from(entry.name, 'utf8'),
        compressed: entry.stored ? data : deflateRawSync(data),
        crc: crc32(data),
        size: data.length,
        method: entry.stored ? 0 : 8,
      };
    }),
  );
}

/**
 * A zip whose entry `name` inflates to `expandedBytes` of spaces while the archive stays small:
 * the "zip bomb" fixture. Streams the deflate so the test itself never holds the expanded bytes.
 */
export async function buildZipWithHugeEntry(entries: ZipEntry[], name: string, expandedBytes: number): Promise<Buffer> {
  const block = Buffer.alloc(1024 * 1024, 0x20);
  const deflate = createDeflateRaw({ level: 9 });
  const pieces: Buffer[] = [];
  deflate.on('data', (piece: Buffer) => pieces.push(piece));
  const finished = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  let crc = 0;
  let written = 0;
  while (written < expandedBytes) {
    const piece = block.subarray(0, Math.min(block.length, expandedBytes - written));
    crc = crc32(piece, crc);
    written += piece.length;
    if (!deflate.write(piece)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await finished;
  const normal = entries.map((entry) => {
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    return {
      name: Buffer.from(entry.name, 'utf8'),
      compressed: deflateRawSync(data),
      crc: crc32(data),
      size: data.length,
      method: 8,
    };
  });
  return assemble([
    ...normal,
    { name: Buffer.from(name, 'utf8'), compressed: Buffer.concat(pieces), crc, size: expandedBytes, method: 8 },
  ]);
}

function assemble(entries: PreparedEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(0, 10);
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.compressed.length, 18);
    local.writeUInt32LE(entry.size >>> 0, 22);
    local.writeUInt16LE(entry.name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, entry.name, entry.compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.compressed.length, 20);
    central.writeUInt32LE(entry.size >>> 0, 24);
    central.writeUInt16LE(entry.name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, entry.name);
    offset += 30 + entry.name.length + entry.compressed.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
