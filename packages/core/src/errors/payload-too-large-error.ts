import { DomainError } from './domain-error';

/** An upload larger than `context.max_file_size_mb`. */
export class PayloadTooLargeError extends DomainError {
  constructor(limitBytes: number) {
    super('payload_too_large', 'FILE_TOO_LARGE', `file exceeds the ${formatMb(limitBytes)} MB upload limit`);
    this.name = 'PayloadTooLargeError';
  }
}

function formatMb(bytes: number): string {
  return String(Math.round((bytes / 1024 / 1024) * 100) / 100);
}
