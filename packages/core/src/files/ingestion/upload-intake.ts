import type { SupportedFileType } from '@studio/shared';
import { createWriteStream, mkdirSync } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { ConfigService } from '../../config/config-service';
import { InvalidInputError } from '../../errors/invalid-input-error';
import { PayloadTooLargeError } from '../../errors/payload-too-large-error';
import { UnsupportedMediaTypeError } from '../../errors/unsupported-media-type-error';
import { detectFileType } from '../extraction/detect-type';

/** An upload's bytes: a Blob (tRPC FormData), bytes in memory, or a file already on disk (multer). */
export type UploadSource = { blob: Blob } | { bytes: Uint8Array } | { path: string };

/** What an upload carries besides its bytes. */
export interface UploadInput {
  /** The name the user gave the file: shown and cited, never used as a path. */
  name: string;
  sessionId?: string;
  source: UploadSource;
}

export const MIME_TYPES: Record<SupportedFileType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  odp: 'application/vnd.oasis.opendocument.presentation',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  rtf: 'application/rtf',
  html: 'text/html',
  md: 'text/markdown',
  txt: 'text/plain',
  csv: 'text/csv',
  png: 'image/png',
  jpg: 'image/jpeg',
};

/**
 * Checks an upload (size limit, empty file, real type from the bytes, enabled types) lying in
 * `files/incoming` under the data directory, for the original store to keep. Nothing is left behind
 * when a check fails.
 */
export class UploadIntake {
  readonly filesDir: string;
  /** Where uploads land before they are checked; the HTTP route streams into it too. */
  readonly incomingDir: string;

  constructor(
    dataDir: string,
    private readonly config: ConfigService,
  ) {
    this.filesDir = join(dataDir, 'files');
    this.incomingDir = join(dataDir, 'files', 'incoming');
    mkdirSync(this.incomingDir, { recursive: true });
  }

  /** The upload limit in bytes, read from config.context at use time. */
  maxBytes(): number {
    return Math.floor(this.config.section('context').max_file_size_mb * 1024 * 1024);
  }

  /** Validates the upload; returns its size, detected type and where its checked bytes lie. */
  async accept(fileId: string, input: UploadInput): Promise<{ size: number; type: SupportedFileType; path: string }> {
    const incoming = 'path' in input.source ? input.source.path : join(this.incomingDir, `${fileId}.upload`);
    try {
      const limit = this.maxBytes();
      if ('blob' in input.source) {
        // Checked before reading, so an oversized part is never copied.
        if (input.source.blob.size > limit) throw new PayloadTooLargeError(limit);
        // Streamed to disk, so a large part is never copied whole into memory again.
        const bytes = Readable.fromWeb(input.source.blob.stream() as WebReadableStream<Uint8Array>);
        await pipeline(bytes, createWriteStream(incoming, { mode: 0o600 }));
      } else if ('bytes' in input.source) {
        if (input.source.bytes.byteLength > limit) throw new PayloadTooLargeError(limit);
        await writeFile(incoming, input.source.bytes);
      }
      const { size } = await stat(incoming);
      if (size > limit) throw new PayloadTooLargeError(limit);
      if (size === 0)
        throw new InvalidInputError('EMPTY_FILE', `${input.name} is empty`, [
          { path: 'file', message: 'the file is empty' },
        ]);
      const type = await detectFileType(incoming, input.name);
      const enabled = this.config.section('context').supported_file_types;
      if (!enabled.includes(type)) {
        throw new UnsupportedMediaTypeError(
          `${type} files are turned off in config.context.supported_file_types`,
          'FILE_TYPE_DISABLED',
        );
      }
      return { size, type, path: incoming };
    } catch (error) {
      await rm(incoming, { force: true });
      throw error;
    }
  }
}

const MAX_FILE_NAME_LENGTH = 255;
/** Longer tails are not an extension worth keeping (`.tar.gz` is, a dotted sentence is not). */
const MAX_EXTENSION_LENGTH = 16;

/** A display name: the last path part, without control characters, at most 255 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return shortenFileName(cleaned) || 'untitled';
}

/**
 * Cuts a long name on whole characters as the user sees them (an emoji or an accented letter is
 * never split) and keeps its extension, which the type detection and the user both read.
 */
function shortenFileName(name: string): string {
  if (name.length <= MAX_FILE_NAME_LENGTH) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= MAX_EXTENSION_LENGTH ? name.slice(dot) : '';
  const stem = name.slice(0, name.length - extension.length);
  let kept = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(stem)) {
    if (kept.length + segment.length > MAX_FILE_NAME_LENGTH - extension.length) break;
    kept += segment;
  }
  return kept + extension;
}
