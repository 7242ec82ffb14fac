import { ExtractionError } from '../../errors/extraction-error';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const MAX_ENTRIES = 10_000;
/** An entry compressed better than this and larger than 10 MB is not a document, it is a bomb. */
const MAX_ENTRY_RATIO = 200;

/**
 * Reads a zip's central directory (without inflating anything) and refuses archives that would
 * expand past `maxUncompressedBytes`, hold too many entries, or compress implausibly well.
 */
export function assertSafeZip(bytes: Buffer, maxUncompressedBytes: number): void {
  const end = findEndOfCentralDirectory(bytes);
  if (end < 0) throw new ExtractionError('CORRUPT_FILE', 'the file is not a readable zip-based document');
  const entries = bytes.readUInt16LE(end + 10);
  const directoryOffset = bytes.readUInt32LE(end + 16);
  if (entries > MAX_ENTRIES)
    throw new ExtractionError('ZIP_BOMB', `the archive holds ${entries} entries (limit ${MAX_ENTRIES})`);
  let offset = directoryOffset;
  let total = 0;
  for (let index = 0; index < entries; index += 1) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== CENTRAL_FILE_HEADER) {
      throw new ExtractionError('CORRUPT_FILE', 'the zip directory of this document is damaged');
    }
    const compressed = bytes.readUInt32LE(offset + 20);
    const size = bytes.readUInt32LE(offset + 24);
    // 0xffffffff marks a ZIP64 size: far beyond anything an office document needs.
    if (size === 0xffffffff || compressed === 0xffffffff) {
      throw new ExtractionError('ZIP_BOMB', 'the document declares a ZIP64 entry larger than 4 GB');
    }
    total += size;
    if (size > 10 * 1024 * 1024 && size / Math.max(1, compressed) > MAX_ENTRY_RATIO) {
      throw new ExtractionError(
        'ZIP_BOMB',
        `a part expands ${Math.round(size / Math.max(1, compressed))}x (${mb(size)} MB): refused as a zip bomb`,
      );
    }
    if (total > maxUncompressedBytes) {
      throw new ExtractionError(
        'ZIP_BOMB',
        `the document expands past ${mb(maxUncompressedBytes)} MB: refused as a zip bomb`,
      );
    }
    offset += 46 + bytes.readUInt16LE(offset + 28) + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
  }
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  const earliest = Math.max(0, bytes.length - 22 - 65_535);
  for (let offset = bytes.length - 22; offset >= earliest; offset -= 1) {
    if (bytes.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  return -1;
}

function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}
