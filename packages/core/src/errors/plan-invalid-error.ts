import { DomainError } from './domain-error';

/** The planner could not produce a valid plan graph (bad JSON, a cycle, an unknown dependency), even after a repair. */
export class PlanInvalidError extends DomainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('internal', 'PLAN_INVALID', message, options);
    this.name = 'PlanInvalidError';
  }
}
