/**
 * Event ids have the Redis stream form `<ms>-<seq>`: ordered, and still increasing after a restart
 * because they start from the clock, so a client's lastEventId stays meaningful across processes.
 */
export function compareEventIds(a: string, b: string): number {
  const [aMs, aSeq] = parseEventId(a);
  const [bMs, bSeq] = parseEventId(b);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}

/** Ids that do not parse sort before every real id, so a garbage lastEventId replays everything. */
export function parseEventId(id: string): [number, number] {
  const match = /^(\d+)-(\d+)$/.exec(id);
  if (!match) return [-1, -1];
  return [Number(match[1]), Number(match[2])];
}

/** Produces strictly increasing ids even when the clock stands still or steps back. */
export class EventIdGenerator {
  private lastMs = 0;
  private seq = 0;

  constructor(private readonly now: () => number = Date.now) {}

  next(): string {
    const ms = this.now();
    if (ms > this.lastMs) {
      this.lastMs = ms;
      this.seq = 0;
    } else {
      this.seq += 1;
    }
    return `${this.lastMs}-${this.seq}`;
  }
}
