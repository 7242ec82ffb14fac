import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, createTestClient, startTestStudio, type TestStudio } from './helpers';

const TOKEN = 'test-token-0123456789';

describe('with STUDIO_API_TOKEN set', () => {
  let app: TestStudio;
  beforeAll(async () => {
    app = await startTestStudio({ token: TOKEN, corsOrigins: ['http://allowed.example'] });
  });
  afterAll(() => app.close());

  it('refuses HTTP calls and plain routes without the token', async () => {
    expect((await fetch(`${app.url}/trpc/health`)).status).toBe(401);
    expect((await fetch(`${app.url}/trpc/health`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    const plain = await fetch(`${app.url}/api/health`);
    expect(plain.status).toBe(401);
    expect(await plain.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: 'a valid API token is required' } });
  });

  it('accepts HTTP calls and plain routes with the token', async () => {
    const headers = { Authorization: `Bearer ${TOKEN}` };
    expect((await fetch(`${app.url}/trpc/health`, { headers })).status).toBe(200);
    expect((await fetch(`${app.url}/api/health`, { headers })).status).toBe(200);
    const { trpc } = app.client({ token: TOKEN });
    expect((await trpc.health.query()).components.store.status).toBe('ok');
  });

  it.each(['ws', 'sse'] as const)(
    'refuses %s subscriptions without the token and accepts them with it',
    async (transport) => {
      const anonymous = createTestClient(app.url, { transport });
      const refused = await new Promise<unknown>((resolve) => {
        const subscription = anonymous.trpc.events.config.subscribe(
          {},
          {
            onError: (error) => {
              subscription.unsubscribe();
              resolve(error);
            },
          },
        );
      });
      anonymous.close();
      expect(refused).toMatchObject({ data: { code: 'UNAUTHORIZED' } });

      const { trpc } = app.client({ token: TOKEN, transport });
      const events = collect<{ data: unknown }>(
        (handlers) =>
          trpc.events.config.subscribe({ section: 'memory', lastEventId: `${Date.now() - 1}-999999` }, handlers),
        (received) => received.length >= 1,
      );
      await trpc.config.update.mutate({
        section: 'memory',
        values: { context_window_size: transport === 'ws' ? 3 : 4 },
      });
      expect((await events)[0]?.data).toMatchObject({ section: 'memory', source: 'api' });
    },
  );

  it('answers CORS only for configured origins', async () => {
    const headers = { Authorization: `Bearer ${TOKEN}` };
    const allowed = await fetch(`${app.url}/trpc/health`, {
      headers: { ...headers, Origin: 'http://allowed.example' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://allowed.example');
    const other = await fetch(`${app.url}/trpc/health`, { headers: { ...headers, Origin: 'http://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('without a token', () => {
  let app: TestStudio;
  beforeAll(async () => {
    app = await startTestStudio();
  });
  afterAll(() => app.close());

  it('serves everyone on the loopback interface', async () => {
    expect((await fetch(`${app.url}/trpc/health`)).status).toBe(200);
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });
});
