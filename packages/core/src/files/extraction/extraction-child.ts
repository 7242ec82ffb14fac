// Entry of the extraction child process: parsers and OCR run here, under the parent's time and
// memory limits, so a pathological file can only take this process down.
import { readFile } from 'node:fs/promises';
import { DomainError } from '../../errors/domain-error';
import { extractDocument } from './extract-document';
import type { ExtractionReply, ExtractionRequest } from './extraction-protocol';
import { terminateOcr } from './ocr';

const reply = (message: ExtractionReply) => process.send?.(message);

process.on('message', (request: ExtractionRequest) => {
  void (async () => {
    try {
      const bytes = await readFile(request.path);
      const document = await extractDocument(bytes, request.type, request.options, (segments) =>
        reply({ id: request.id, ok: true, partial: true, segments }),
      );
      reply({ id: request.id, ok: true, document });
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
