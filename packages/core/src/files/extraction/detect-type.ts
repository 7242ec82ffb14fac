import type { SupportedFileType } from '@studio/shared';
import { fileTypeFromFile } from 'file-type';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { UnsupportedMediaTypeError } from '../../errors/unsupported-media-type-error';

const BY_EXTENSION: Record<string, SupportedFileType> = {
  pdf: 'pdf',
  docx: 'docx',
  pptx: 'pptx',
  xlsx: 'xlsx',
  odt: 'odt',
  odp: 'odp',
  ods: 'ods',
  rtf: 'rtf',
  html: 'html',
  htm: 'html',
  md: 'md',
  markdown: 'md',
  txt: 'txt',
  text: 'txt',
  log: 'txt',
  csv: 'csv',
  png: 'png',
  jpg: 'jpg',
  jpeg: 'jpg',
};
/** An HTML document's opening, after an optional XML declaration. */
const XHTML = /^\s*(<\?xml[^>]*>\s*)?(<!doctype html|<html)/i;
/** Types that have no magic bytes: the extension only picks which text reader to use. */
const TEXT_TYPES = new Set<SupportedFileType>(['html', 'md', 'txt', 'csv']);
const DESCRIPTIONS: Record<SupportedFileType, string> = {
  pdf: 'a PDF',
  docx: 'a Word document',
  pptx: 'a PowerPoint deck',
  xlsx: 'an Excel workbook',
  odt: 'an OpenDocument text',
  odp: 'an OpenDocument presentation',
  ods: 'an OpenDocument spreadsheet',
  rtf: 'an RTF document',
  html: 'HTML',
  md: 'Markdown',
  txt: 'plain text',
  csv: 'CSV',
  png: 'a PNG image',
  jpg: 'a JPEG image',
};

/** The declared type of a file name, if its extension is one the studio knows. */
export function typeFromName(name: string): SupportedFileType | undefined {
  return BY_EXTENSION[extname(name).slice(1).toLowerCase()];
}

/**
 * The real type of a stored file, from its bytes. A name whose extension claims a different type
 * than the bytes (a PNG named .pdf, text named .xlsx) is refused: that file lies about itself.
 */
export async function detectFileType(path: string, name: string): Promise<SupportedFileType> {
  const declared = typeFromName(name);
  let sniffed = await fileTypeFromFile(path);
  // XHTML (Debian's PostgreSQL documentation, for one) opens with an XML declaration: it is HTML.
  if (sniffed?.ext === 'xml' && XHTML.test((await readHead(path, 1024)).toString('utf8'))) sniffed = undefined;
  if (sniffed) {
    const type = BY_EXTENSION[sniffed.ext];
    if (!type || TEXT_TYPES.has(type)) {
      throw new UnsupportedMediaTypeError(`${sniffed.mime} files are not supported`);
    }
    if (declared && declared !== type) {
      throw new UnsupportedMediaTypeError(
        `${name} is named as ${DESCRIPTIONS[declared]} but its bytes are ${DESCRIPTIONS[type]}`,
        'FILE_TYPE_MISMATCH',
      );
    }
    return type;
  }
  const head = await readHead(path, 64 * 1024);
  if (!looksLikeText(head)) throw new UnsupportedMediaTypeError(`${name} is not a file type the studio reads`);
  if (declared && !TEXT_TYPES.has(declared)) {
    throw new UnsupportedMediaTypeError(
      `${name} is named as ${DESCRIPTIONS[declared]} but its bytes are plain text`,
      'FILE_TYPE_MISMATCH',
    );
  }
  if (declared) return declared;
  return XHTML.test(head.toString('utf8', 0, 1024)) ? 'html' : 'txt';
}

async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Text has no NUL bytes and few control characters. */
function looksLikeText(head: Buffer): boolean {
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return false;
    if (byte < 9 || (byte > 13 && byte < 32)) control += 1;
  }
  return control <= head.length * 0.01;
}
