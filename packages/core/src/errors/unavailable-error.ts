import { DomainError } from './domain-error';

/** A dependency (Chroma, the LLM, Mem0) cannot serve the request right now. */
export class UnavailableError extends DomainError {
  constructor(code: string, message: string, cause?: unknown) {
    super('unavailable', code, message, { cause });
    this.name = 'UnavailableError';
  }
}
