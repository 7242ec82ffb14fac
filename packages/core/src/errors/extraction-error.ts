import { DomainError } from './domain-error';

/**
 * A file the studio accepted but could not read: corrupt, encrypted, a zip bomb, or over a
 * parser's time or memory limit. Recorded on the file's status rather than thrown at a caller.
 */
export class ExtractionError extends DomainError {
  constructor(code: string, message: string, cause?: unknown) {
    super('invalid_input', code, message, { cause });
    this.name = 'ExtractionError';
  }
}
