import type { MonitoringEvent } from '@studio/shared';
import { availableParallelism } from 'node:os';

/** The process's CPU time over wall time is per core (200 % on two busy cores): shown as a share of the machine. */
const CORES = Math.max(1, availableParallelism());

/** Samples the process (RSS, its share of the machine's CPU since the last sample) alongside an execution's counters. */
export class ExecutionMonitor {
  private timer: NodeJS.Timeout | undefined;
  private lastCpu = process.cpuUsage();
  private lastAt = process.hrtime.bigint();

  constructor(
    private readonly sample: () => Omit<MonitoringEvent, 'rssMb' | 'cpuPercent'>,
    private readonly publish: (event: MonitoringEvent) => void,
    private readonly intervalMs = 500,
  ) {}

  /** Publishes one sample now and then every interval until `stop`. */
  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    // A sampler alone must not keep the process alive.
    this.timer.unref();
  }

  /** Stops sampling after one last sample with the final counters. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.tick();
  }

  private tick(): void {
    const now = process.hrtime.bigint();
    const cpu = process.cpuUsage(this.lastCpu);
    const wallMicros = Number(now - this.lastAt) / 1000;
    this.lastCpu = process.cpuUsage();
    this.lastAt = now;
    const cpuPercent = wallMicros > 0 ? Math.min(100, ((cpu.user + cpu.system) / wallMicros / CORES) * 100) : 0;
    this.publish({
      ...this.sample(),
      rssMb: Math.round((process.memoryUsage.rss() / 1024 / 1024) * 10) / 10,
      cpuPercent: Math.round(cpuPercent * 10) / 10,
    });
  }
}
