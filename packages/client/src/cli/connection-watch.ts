import { CliError } from './cli-error';

/** How long a streaming command waits: to reach the studio (or reach it again), and between two events. */
export interface StreamTimeouts {
  connectMs: number;
  idleMs: number;
}

/**
 * Turns silence into a clear failure for a subscription: no connection within `connectMs`, a
 * connection lost and not back within `connectMs`, or no event for `idleMs`. Without it a dead or
 * unreachable studio left `studio ask` waiting for ever (the WebSocket client retries silently).
 */
export class ConnectionWatch {
  private timer?: NodeJS.Timeout;
  private connected = false;

  constructor(
    private readonly url: string,
    private readonly timeouts: StreamTimeouts,
    private readonly fail: (error: CliError) => void,
  ) {
    this.arm(timeouts.connectMs, 'UNREACHABLE', `cannot reach the studio at ${url}`);
  }

  /** Feed every connection state change of the subscription. */
  onState(state: { state: 'idle' | 'connecting' | 'pending' }): void {
    if (state.state === 'pending') {
      this.connected = true;
      this.activity();
    } else if (state.state === 'connecting' && this.connected) {
      this.connected = false;
      this.arm(this.timeouts.connectMs, 'CONNECTION_LOST', `lost the connection to the studio at ${this.url}`);
    }
  }

  /** Any event from the studio: it is alive. */
  activity(): void {
    this.arm(this.timeouts.idleMs, 'IDLE_TIMEOUT', `no word from the studio at ${this.url}`);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private arm(ms: number, code: string, message: string): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => this.fail(new CliError(`${message} (waited ${formatSeconds(ms)})`, { code, exitCode: 3 })),
      ms,
    );
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
