// Entry of the extraction child process: parsers and OCR run here, under the parent's time and
// memory limits, so a pathological file can only take this process down.
import { readFile } from 'node:fs/promises';
import { DomainError } from '../../errors/domain-error';
import { extractDocument } from './extract-document';
import type { ExtractionReply, ExtractionRequest } from './extraction-protocol';
import { terminateOcr } from './ocr';
import type { TextSegment } from './extracted-document';
import { splitLargeSegments } from '../ingestion/chunking';

/** Characters of text per message to the parent when a large document is sent in pieces. */
const MESSAGE_CHARS = 512 * 1024;

const reply = (message: ExtractionReply) => process.send?.(message);

process.on('message', (request: ExtractionRequest) => {
  void (async () => {
    try {
      const bytes = await readFile(request.path);
      let partials = 0;
      const document = await extractDocument(bytes, request.type, request.options, (segments) => {
        partials += 1;
        reply({ id: request.id, ok: true, partial: true, segments });
      });
      const size = document.segments.reduce((sum, segment) => sum + segment.text.length, 0);
      if (partials > 0 || size <= MESSAGE_CHARS) {
        reply({ id: request.id, ok: true, document });
        return;
      }
      // A large text goes in messages of about MESSAGE_CHARS, each cheap for the parent to read.
      let batch: TextSegment[] = [];
      let batchSize = 0;
      for (const piece of splitLargeSegments(document.segments, MESSAGE_CHARS)) {
        if (batchSize + piece.text.length > MESSAGE_CHARS && batch.length > 0) {
          reply({ id: request.id, ok: true, partial: true, segments: batch });
          batch = [];
          batchSize = 0;
        }
        batch.push(piece);
        batchSize += piece.text.length;
      }
      if (batch.length > 0) reply({ id: request.id, ok: true, partial: true, segments: batch });
      reply({ id: request.id, ok: true, document: { ...document, segments: [] }, streamed: true });
    } catch (error) {
      const known = DomainError.isInstance(error);
      reply({
        id: request.id,
        ok: false,
        code: known ? error.code : 'EXTRACTION_FAILED',
        message: known
          ? error.message
          : `the file could not be read (${error instanceof Error ? error.message : String(error)})`,
      });
    }
  })();
});

process.on('disconnect', () => {
  void terminateOcr().finally(() => process.exit(0));
});
