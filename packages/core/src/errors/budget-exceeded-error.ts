import { DomainError } from './domain-error';

/** An execution used up its token budget (`orchestrator.token_budget`). */
export class BudgetExceededError extends DomainError {
  constructor(used: number, budget: number) {
    super('budget_exceeded', 'TOKEN_BUDGET_EXCEEDED', `the answer used ${used} tokens, over the budget of ${budget}`);
    this.name = 'BudgetExceededError';
  }
}
