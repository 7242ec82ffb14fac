import { DomainError } from './domain-error';

/** Work stopped because a user cancelled it or the server is shutting down. */
export class CancelledError extends DomainError {
  constructor(message = 'cancelled') {
    super('cancelled', 'CANCELLED', message);
    this.name = 'CancelledError';
  }
}
