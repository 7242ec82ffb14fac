import { ExtractionError } from '../../errors/extraction-error';
import type { ExtractedDocument, ExtractionOptions, TextSegment } from './extracted-document';
import { recognizeImage } from './ocr';

/** Pages with less text than this are treated as scans and OCR'd (when OCR is on). */
const MIN_TEXT_CHARS = 16;

/** Text per page (page numbers for citations); image-only pages go through OCR. */
export async function extractPdf(bytes: Buffer, options: ExtractionOptions): Promise<ExtractedDocument> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
  try {
    const result = await parser.getText().catch((error: unknown) => {
      throw toExtractionError(error);
    });
    const segments: TextSegment[] = [];
    for (const page of result.pages) {
      let text = page.text.trim();
      if (text.length < MIN_TEXT_CHARS && options.ocrEnabled) {
        const shot = await parser.getScreenshot({ partial: [page.num], scale: 2, imageBuffer: true, imageDataUrl: false });
        const image = shot.pages[0]?.data;
        const recognized = image ? (await recognizeImage(Buffer.from(image), options.ocrLanguage)).trim() : '';
        // A short caption and its OCR read the same; keep whichever says more.
        if (recognized.length > text.length) text = recognized;
      }
      if (text) segments.push({ text, page: page.num });
    }
    return { type: 'pdf', segments, pageCount: result.total };
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

function toExtractionError(error: unknown): ExtractionError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') {
    return new ExtractionError('PDF_ENCRYPTED', 'the PDF is password-protected; remove the password and upload it again');
  }
  return new ExtractionError('CORRUPT_FILE', `the PDF could not be read (${error instanceof Error ? error.message : 'unknown error'})`);
}
