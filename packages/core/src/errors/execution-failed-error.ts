import { DomainError } from './domain-error';

/** A plan ran but none of its tasks produced an output; the message lists each task's reason. */
export class ExecutionFailedError extends DomainError {
  constructor(message: string) {
    super('internal', 'EXECUTION_FAILED', message);
    this.name = 'ExecutionFailedError';
  }
}
