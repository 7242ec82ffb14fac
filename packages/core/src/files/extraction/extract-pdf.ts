import { ExtractionError } from '../../errors/extraction-error';
import type { ExtractedDocument, ExtractionOptions, TextSegment } from './extracted-document';
import { recognizeImage } from './ocr';

/** Pages with less text than this are treated as scans and OCR'd (when OCR is on). */
const MIN_TEXT_CHARS = 16;

/** Pages read per step: each step's text is handed on while the next is read. */
const PAGES_PER_STEP = 8;

/**
 * Text per page (page numbers for citations); image-only pages go through OCR. Pages are read a
 * few at a time and each step's segments go to `onSegments` at once, so the pages already read
 * can be chunked and embedded while later ones are still being read.
 */
export async function extractPdf(
  bytes: Buffer,
  options: ExtractionOptions,
  onSegments?: (segments: TextSegment[]) => void,
): Promise<ExtractedDocument> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
  try {
    const segments: TextSegment[] = [];
    // The page count arrives with the first step.
    let total = PAGES_PER_STEP;
    for (let first = 1; first <= total; first += PAGES_PER_STEP) {
      const partial = Array.from({ length: PAGES_PER_STEP }, (_, index) => first + index);
      const result = await parser.getText({ partial }).catch((error: unknown) => {
        throw toExtractionError(error);
      });
      total = result.total;
      const step: TextSegment[] = [];
      for (const page of result.pages) {
        let text = page.text.trim();
        if (text.length < MIN_TEXT_CHARS && options.ocrEnabled) {
          const shot = await parser.getScreenshot({
            partial: [page.num],
            scale: 2,
            imageBuffer: true,
            imageDataUrl: false,
          });
          const image = shot.pages[0]?.data;
          const recognized = image ? (await recognizeImage(Buffer.from(image), options.ocrLanguage)).trim() : '';
          // A short caption and its OCR read the same; keep whichever says more.
          if (recognized.length > text.length) text = recognized;
        }
        if (text) step.push({ text, page: page.num });
      }
      segments.push(...step);
      if (step.length > 0) onSegments?.(step);
    }
    return { type: 'pdf', segments, pageCount: total };
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

function toExtractionError(error: unknown): ExtractionError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') {
    return new ExtractionError(
      'PDF_ENCRYPTED',
      'the PDF is password-protected; remove the password and upload it again',
    );
  }
  return new ExtractionError(
    'CORRUPT_FILE',
    `the PDF could not be read (${error instanceof Error ? error.message : 'unknown error'})`,
  );
}
