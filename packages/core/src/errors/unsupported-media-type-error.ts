import { DomainError } from './domain-error';

/** A file whose bytes are not a type the studio reads (or lie about their type). */
export class UnsupportedMediaTypeError extends DomainError {
  constructor(message: string, code = 'UNSUPPORTED_FILE_TYPE') {
    super('unsupported_media_type', code, message);
    this.name = 'UnsupportedMediaTypeError';
  }
}
