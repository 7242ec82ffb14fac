import type { SupportedFileType } from '@studio/shared';

/** A run of text with where it came from: a page, slide or sheet number and a section name. */
export interface TextSegment {
  text: string;
  /** PDF page, slide number, or sheet position (1-based). */
  page?: number;
  /** Heading, sheet name, or "Slide N" / "Slide N notes". */
  section?: string;
  /** Where this text starts in its page's text, when a long page was cut into pieces (0 otherwise). */
  offset?: number;
}

/** What extraction hands to chunking. */
export interface ExtractedDocument {
  type: SupportedFileType;
  segments: TextSegment[];
  /** Pages, slides or sheets in the file, when the format has them. */
  pageCount?: number;
}

/** Settings the extractor needs from config.context, resolved by the caller at use time. */
export interface ExtractionOptions {
  ocrEnabled: boolean;
  ocrLanguage: string;
  /** Total bytes a zip-based document may expand to. */
  maxUncompressedBytes: number;
}
