import { BudgetExceededError } from '../../errors/budget-exceeded-error';

/**
 * The execution's overall token budget (`orchestrator.token_budget`), shared by all its agents.
 * `record` forwards each spend to the orchestrator's own meter, which may refuse it first.
 */
export class TokenBudget {
  private usedTokens = 0;

  constructor(
    readonly budget: number,
    private readonly record: (tokens: number) => void = () => undefined,
  ) {}

  get used(): number {
    return this.usedTokens;
  }

  /** Records tokens spent; throws once the total passes the budget so no further request starts. */
  spend(tokens: number): void {
    this.usedTokens += tokens;
    this.record(tokens);
    if (this.usedTokens > this.budget) throw new BudgetExceededError(this.usedTokens, this.budget);
  }

  /** Throws when nothing is left, before a request is made. */
  ensureRemaining(): void {
    if (this.usedTokens >= this.budget) throw new BudgetExceededError(this.usedTokens, this.budget);
  }
}
