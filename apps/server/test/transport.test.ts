import type { ConfigEvent } from '@studio/shared';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startTestStudio, type TestStudio } from './helpers';

type Tracked<T> = { id: string; data: T };

describe.each(['ws', 'sse'] as const)('tRPC over HTTP and %s on one port', (transport) => {
  let app: TestStudio;

  beforeAll(async () => {
    app = await startTestStudio();
  });
  afterAll(() => app.close());

  it('answers queries and mutations over HTTP batching', async () => {
    const { trpc } = app.client({ transport });
    const [health, section] = await Promise.all([
      trpc.health.query(),
      trpc.config.section.query({ section: 'planner' }),
    ]);
    expect(health.components.store.status).toBe('ok');
    expect(section).toMatchObject({ max_tasks_per_request: 10 });
  });

  it('delivers config events for API updates and hand edits', async () => {
    const { trpc } = app.client({ transport });
    const received = collect<Tracked<ConfigEvent>>(
      (handlers) => trpc.events.config.subscribe({ section: 'planner', lastEventId: startingNow() }, handlers),
      (events) => events.length >= 2,
    );
    await trpc.config.update.mutate({ section: 'planner', values: { max_tasks_per_request: 7 } });
    writeFileSync(join(app.dataDir, 'config', 'planner.yaml'), 'max_tasks_per_request: 4\n');
    const events = await received;
    expect(events.map((event) => event.data)).toMatchObject([
      { section: 'planner', source: 'api', values: { max_tasks_per_request: 7 } },
      { section: 'planner', source: 'file', values: { max_tasks_per_request: 4 } },
    ]);
    expect(events[0]?.id).toMatch(/^\d+-\d+$/);
  });

  it('resumes from lastEventId with no gap and no duplicate', async () => {
    const { trpc } = app.client({ transport });
    const first = collect<Tracked<ConfigEvent>>(
      (handlers) => trpc.events.config.subscribe({ section: 'orchestrator', lastEventId: startingNow() }, handlers),
      (events) => events.length >= 1,
    );
    await trpc.config.update.mutate({ section: 'orchestrator', values: { max_iterations: 2 } });
    const [seen] = await first;
    // While disconnected, three more changes happen.
    for (const value of [3, 4, 5])
      await trpc.config.update.mutate({ section: 'orchestrator', values: { max_iterations: value } });
    const resumed = await collect<Tracked<ConfigEvent>>(
      (handlers) => trpc.events.config.subscribe({ section: 'orchestrator', lastEventId: seen?.id }, handlers),
      (events) => events.length >= 3,
    );
    expect(resumed.map((event) => ('values' in event.data ? event.data.values.max_iterations : undefined))).toEqual([
      3, 4, 5,
    ]);
    expect(new Set(resumed.map((event) => event.id)).size).toBe(3);
  });
});

describe('bad input over HTTP', () => {
  let app: TestStudio;
  beforeAll(async () => {
    app = await startTestStudio();
  });
  afterAll(() => app.close());

  it('answers a malformed call with 400 and a readable message, and an unknown procedure with 404', async () => {
    const malformed = await fetch(`${app.url}/trpc/config.section?input=%7Bnot-json`);
    expect(malformed.status).toBe(400);
    const wrongType = await fetch(`${app.url}/trpc/config.update`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ section: 'context', values: { chunk_size: 'big' } }),
    });
    expect(wrongType.status).toBe(400);
    const body = (await wrongType.json()) as {
      error: { message: string; data: { zodError: { fieldErrors: Record<string, string[]> } } };
    };
    expect(body.error.message).toMatch(/values\.chunk_size/);
    expect(body.error.data.zodError.fieldErrors).toHaveProperty('values');
    const unknown = await fetch(`${app.url}/trpc/nope.nothing`);
    expect(unknown.status).toBe(404);
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
  });

  it.each(['ws', 'sse'] as const)(
    'maps a domain error thrown inside a %s subscription like any other',
    async (transport) => {
      const { trpc, close } = app.client({ transport });
      const error = await new Promise<unknown>((resolve) => {
        const subscription = trpc.chat.stream.subscribe(
          { message: 'resume me', lastEventId: '1-0' },
          {
            onError: (caught) => {
              subscription.unsubscribe();
              resolve(caught);
            },
          },
        );
      });
      close();
      expect(error).toMatchObject({ data: { code: 'NOT_FOUND', domainCode: 'EVENT_NOT_FOUND' } });
    },
  );

  it('serves the web shell at / and for client-side routes', async () => {
    const response = await fetch(`${app.url}/`);
    expect([200, 503]).toContain(response.status);
    const text = await response.text();
    expect(text).toMatch(/Local Agent Studio|web app is not built/);
  });
});

/**
 * Event ids start from the clock, so "everything from now on" is an id just below now: the
 * subscription then sees every later event even if the server registers it after the update lands.
 */
function startingNow(): string {
  return `${Date.now() - 1}-999999`;
}
