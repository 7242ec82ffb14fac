/**
 * Live subscriptions of one connection, capped: one WebSocket client opening thousands of them
 * would hold a generator and a bus listener for each. The WebSocket transport makes one per connection.
 */
export class SubscriptionBudget {
  private active = 0;

  constructor(readonly max: number) {}

  /** Takes a slot; undefined when the connection already holds `max`. The release runs once. */
  acquire(): (() => void) | undefined {
    if (this.active >= this.max) return undefined;
    this.active += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
    };
  }
}
