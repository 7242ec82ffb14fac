import { DomainError, type FieldIssue } from './domain-error';

/** Input that passed the wire schema but breaks a domain rule (cross-field checks, unreadable files). */
export class InvalidInputError extends DomainError {
  constructor(code: string, message: string, issues: FieldIssue[] = [], cause?: unknown) {
    super('invalid_input', code, message, { issues, cause });
    this.name = 'InvalidInputError';
  }
}
