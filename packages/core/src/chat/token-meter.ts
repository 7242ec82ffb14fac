import { BudgetExceededError } from '../errors/budget-exceeded-error';

/** Counts an execution's tokens against `orchestrator.token_budget`. */
export class TokenMeter {
  used = 0;

  constructor(readonly budget: number) {}

  /** Adds tokens; throws `BudgetExceededError` once the total passes the budget. */
  add(tokens: number): void {
    this.used += tokens;
    this.check(this.used);
  }

  /** Records tokens already spent (a finished answer) without failing it after the fact. */
  record(tokens: number): void {
    this.used += tokens;
  }

  /** Throws if `this.used + pending` would pass the budget (used while a stream is still running). */
  check(total: number): void {
    if (total > this.budget) throw new BudgetExceededError(total, this.budget);
  }
}
