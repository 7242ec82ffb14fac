import type { ComponentHealth, ComponentName, Health } from '@studio/shared';

/** Reports one component's state; must answer quickly and never throw for a down dependency. */
export type HealthProbe = () => Promise<ComponentHealth> | ComponentHealth;

const COMPONENTS: ComponentName[] = ['store', 'vectorStore', 'llm', 'embedder', 'memory', 'eventBus', 'tools'];
const PROBE_TIMEOUT_MS = 2000;

/** Aggregates component probes into the `health` answer; 'offline' is a mode, not a fault. */
export class HealthService {
  private readonly probes = new Map<ComponentName, HealthProbe>();
  private readonly startedAt = Date.now();

  constructor(private readonly version: string) {}

  register(component: ComponentName, probe: HealthProbe): void {
    this.probes.set(component, probe);
  }

  async check(): Promise<Health> {
    const entries = await Promise.all(
      COMPONENTS.map(async (component) => [component, await this.probe(component)] as const),
    );
    const components = Object.fromEntries(entries) as Health['components'];
    const faulty = entries.some(([, health]) => health.status === 'down' || health.status === 'degraded');
    return {
      status: faulty ? 'degraded' : 'ok',
      version: this.version,
      uptimeS: Math.round((Date.now() - this.startedAt) / 100) / 10,
      components,
    };
  }

  private async probe(component: ComponentName): Promise<ComponentHealth> {
    const probe = this.probes.get(component);
    if (!probe) return { status: 'offline', detail: 'not enabled in this build' };
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        Promise.resolve(probe()),
        new Promise<ComponentHealth>((resolve) => {
          timer = setTimeout(() => resolve({ status: 'down', detail: 'health probe timed out' }), PROBE_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      return { status: 'down', detail: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }
}
