import type { SupportedFileType } from '@studio/shared';
import type { ExtractedDocument, ExtractionOptions, TextSegment } from './extracted-document';

/** Parent → child: read the file at `path` as `type`. */
export interface ExtractionRequest {
  id: number;
  path: string;
  type: SupportedFileType;
  options: ExtractionOptions;
}

/**
 * Child → parent: segments read so far (any number of times), then the document or a failure with a
 * stable code. `streamed`: the document's segments are exactly the partial ones sent before (a large
 * text goes in pieces, as one message of tens of MB held the parent's event loop for seconds).
 */
export type ExtractionReply =
  | { id: number; ok: true; partial: true; segments: TextSegment[] }
  | { id: number; ok: true; partial?: false; document: ExtractedDocument; streamed?: true }
  | { id: number; ok: false; code: string; message: string };
