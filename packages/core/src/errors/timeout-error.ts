import { DomainError } from './domain-error';

/** Work ran past its time limit (`orchestrator.timeout_seconds`). */
export class TimeoutError extends DomainError {
  constructor(message: string, code = 'TIMEOUT') {
    super('timeout', code, message);
    this.name = 'TimeoutError';
  }
}
