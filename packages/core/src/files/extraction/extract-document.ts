import type { SupportedFileType } from '@studio/shared';
import { ExtractionError } from '../../errors/extraction-error';
import type { ExtractedDocument, ExtractionOptions, TextSegment } from './extracted-document';
import { extractHtml } from './extract-html';
import { extractOffice } from './extract-office';
import { extractPdf } from './extract-pdf';
import { extractCsv, extractMarkdown, extractPlainText } from './extract-text';
import { extractXlsx } from './extract-xlsx';
import { recognizeImage } from './ocr';
import { assertSafeZip } from './zip-guard';

const ZIP_TYPES = new Set<SupportedFileType>(['docx', 'pptx', 'xlsx', 'odt', 'odp', 'ods']);

/**
 * Reads one file of a known (byte-detected) type into text segments. Runs inside the extraction
 * child process: a parser that hangs or balloons takes that process down, not the server.
 * Formats read in steps (PDF) hand each step's segments to `onSegments` as they go; the returned
 * document still holds them all.
 */
export async function extractDocument(
  bytes: Buffer,
  type: SupportedFileType,
  options: ExtractionOptions,
  onSegments?: (segments: TextSegment[]) => void,
): Promise<ExtractedDocument> {
  if (bytes.length === 0) throw new ExtractionError('EMPTY_FILE', 'the file is empty');
  if (ZIP_TYPES.has(type)) assertSafeZip(bytes, options.maxUncompressedBytes);
  switch (type) {
    case 'pdf':
      return extractPdf(bytes, options, onSegments);
    case 'xlsx':
      return extractXlsx(bytes);
    case 'docx':
    case 'pptx':
    case 'odt':
    case 'odp':
    case 'ods':
    case 'rtf':
      return extractOffice(bytes, type, options);
    case 'html':
      return extractHtml(bytes);
    case 'md':
      return extractMarkdown(bytes);
    case 'txt':
      return extractPlainText(bytes);
    case 'csv':
      return extractCsv(bytes);
    case 'png':
    case 'jpg': {
      if (!options.ocrEnabled)
        throw new ExtractionError('OCR_DISABLED', 'images need OCR, which is turned off in config.context');
      const text = (await recognizeImage(bytes, options.ocrLanguage)).trim();
      return { type, segments: text ? [{ text, page: 1 }] : [], pageCount: 1 };
    }
  }
}
