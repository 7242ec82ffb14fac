import { createConsoleLogger } from '@studio/core';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestStudio, type TestStudio } from './helpers';
import { closeCode, openRawSocket, rawRequest, tRPCMessages } from './raw-transport';

describe('upload limits against a slow trickle of bytes', () => {
  let app: TestStudio;
  beforeAll(async () => {
    app = await startTestStudio();
    await app.client().trpc.config.update.mutate({ section: 'context', values: { max_file_size_mb: 0.02 } });
  });
  afterAll(() => app.close());

  it('answers 413 as soon as the trickle passes the limit, while other requests are served', async () => {
    const { port } = new URL(app.url);
    const boundary = '----trickle';
    const status = new Promise<number>((resolve, reject) => {
      const upload = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/files',
          method: 'POST',
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
          upload.destroy();
        },
      );
      upload.on('error', (error) => (upload.destroyed ? undefined : reject(error)));
      upload.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.txt"\r\nContent-Type: text/plain\r\n\r\n`,
      );
      let sent = 0;
      const drip = () => {
        if (upload.destroyed) return;
        upload.write('a'.repeat(1024));
        sent += 1;
        // The limit is about 20 KB (plus 64 KB multipart slack); keep going well past it, never ending the body.
        if (sent < 400) setTimeout(drip, 2);
      };
      drip();
    });
    const health = await fetch(`${app.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await status).toBe(413);
    const { items } = await app.client().trpc.files.list.query({});
    expect(items).toEqual([]);
  });

  it('refuses a tRPC FormData upload over the limit before reading it, and a body of unstated length', async () => {
    const { trpc } = app.client();
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(200 * 1024, 0x61)]), 'big.txt');
    await expect(trpc.files.upload.mutate(form)).rejects.toMatchObject({
      data: { code: 'PAYLOAD_TOO_LARGE', domainCode: 'FILE_TOO_LARGE' },
    });
    const { port } = new URL(app.url);
    const status = await new Promise<number>((resolve, reject) => {
      const upload = request(
        {
          host: '127.0.0.1',
          port,
          path: '/trpc/files.upload',
          method: 'POST',
          headers: { 'content-type': 'multipart/form-data; boundary=x', 'transfer-encoding': 'chunked' },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      upload.on('error', reject);
      upload.write('--x\r\n');
    });
    expect(status).toBe(411);
    expect((await trpc.files.list.query({})).items).toEqual([]);
  });
});

describe('a foreign web page cannot drive the studio (no token)', () => {
  let app: TestStudio;
  let port: string;
  beforeAll(async () => {
    app = await startTestStudio({ corsOrigins: ['http://allowed.example'], server: { allowedHosts: ['studio.lan'] } });
    port = new URL(app.url).port;
  });
  afterAll(() => app.close());

  it('refuses the WebSocket with Origin http://evil.example and Host attacker.example:PORT that ran config.get, memory.list, memory.add and files.search', async () => {
    const { socket, status } = await openRawSocket(app.url, {
      origin: 'http://evil.example',
      headers: { Host: `attacker.example:${port}` },
    });
    if (status === undefined) {
      // What the attack did: four calls on the open socket.
      const received = tRPCMessages(socket);
      const calls = [
        ['query', 'config.get', undefined],
        ['query', 'memory.list', {}],
        ['mutation', 'memory.add', { type: 'fact', content: 'planted by evil.example' }],
        ['query', 'files.search', { query: 'secret' }],
      ] as const;
      calls.forEach(([method, path, input], index) =>
        socket.send(JSON.stringify({ id: index + 1, method, params: { path, input } })),
      );
      await vi.waitFor(() => expect(received.length).toBeGreaterThanOrEqual(calls.length));
      socket.close();
    }
    expect(status).toBe(403);
    expect((await app.client().trpc.memory.list.query({})).total).toBe(0);
  });

  it.each([
    ['a foreign Host (DNS rebinding)', () => ({ Host: `attacker.example:${port}` })],
    ['a foreign Origin', () => ({ Origin: 'http://evil.example' })],
  ])('refuses %s on WebSocket upgrades, /trpc, SSE, /api, /v1 and the web app, with JSON', async (_name, headers) => {
    expect((await openRawSocket(app.url, { headers: headers() })).status).toBe(403);
    const trpc = await rawRequest(app.url, { path: '/trpc/config.get', headers: headers() });
    expect(trpc.status).toBe(403);
    expect(JSON.parse(trpc.body)).toMatchObject({ error: { data: { code: 'FORBIDDEN' } } });
    const sse = await rawRequest(app.url, {
      path: `/trpc/events.config?input=${encodeURIComponent('{}')}`,
      headers: { ...headers(), Accept: 'text/event-stream' },
    });
    expect(sse.status).toBe(403);
    const api = await rawRequest(app.url, { path: '/api/health', headers: headers() });
    expect(api.status).toBe(403);
    expect(JSON.parse(api.body)).toMatchObject({ error: { code: expect.stringMatching(/_NOT_ALLOWED$/) } });
    const v1 = await rawRequest(app.url, { path: '/v1/models', headers: headers() });
    expect(v1.status).toBe(403);
    expect(JSON.parse(v1.body)).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect((await rawRequest(app.url, { path: '/', headers: headers() })).status).toBe(403);
  });

  it('refuses a multipart upload from a foreign Origin (it got 201) and stores nothing', async () => {
    const boundary = '----evil';
    const response = await rawRequest(app.url, {
      path: '/api/files',
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, Origin: 'http://evil.example' },
      body: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="evil.txt"\r\nContent-Type: text/plain\r\n\r\nplanted\r\n--${boundary}--\r\n`,
    });
    expect(response.status).toBe(403);
    expect((await app.client().trpc.files.list.query({})).items).toEqual([]);
  });

  it("serves the studio's own origin, localhost, ALLOWED_HOSTS, CORS_ORIGINS and Node clients without an Origin", async () => {
    const own = await openRawSocket(app.url, { origin: `http://127.0.0.1:${port}` });
    expect(own.status).toBeUndefined();
    const received = tRPCMessages(own.socket);
    own.socket.send(JSON.stringify({ id: 1, method: 'query', params: { path: 'health' } }));
    await vi.waitFor(() => expect(received[0]).toMatchObject({ id: 1, result: { type: 'data' } }));
    own.socket.close();
    const allowed: Record<string, string>[] = [
      { Host: `localhost:${port}`, Origin: `http://localhost:${port}` },
      { Host: `studio.lan:${port}`, Origin: `http://studio.lan:${port}` },
      { Host: `[::1]:${port}` },
      { Origin: 'http://allowed.example' },
      {},
    ];
    for (const headers of allowed) {
      expect((await rawRequest(app.url, { path: '/trpc/health', headers })).status, JSON.stringify(headers)).toBe(200);
    }
    expect((await app.client().trpc.health.query()).components.store.status).toBe('ok');
  });
});

describe('WebSocket limits', () => {
  const TOKEN = 'ws-limits-token';
  let app: TestStudio;
  const warnings: string[] = [];
  beforeAll(async () => {
    const quiet = createConsoleLogger('silent');
    app = await startTestStudio({
      token: TOKEN,
      studio: { logger: { ...quiet, warn: (message) => warnings.push(message) } },
      server: { limits: { authTimeoutMs: 1500 } },
    });
  });
  afterAll(() => app.close());

  async function authenticated(limitsApp = app) {
    const { socket } = await openRawSocket(limitsApp.url, { connectionParams: true });
    socket.send(JSON.stringify({ method: 'connectionParams', data: { token: TOKEN } }));
    return socket;
  }

  it('closes a WebSocket that has not authenticated in time (silent, or a wrong token) and keeps one that has', async () => {
    const silent = await openRawSocket(app.url, { connectionParams: true });
    const wrong = await openRawSocket(app.url, { connectionParams: true });
    wrong.socket.send(JSON.stringify({ method: 'connectionParams', data: { token: 'wrong' } }));
    const good = await authenticated();
    expect(await closeCode(silent.socket)).toBe(4401);
    expect(await closeCode(wrong.socket)).toBe(4401);
    expect(good.readyState).toBe(good.OPEN);
    const received = tRPCMessages(good);
    good.send(JSON.stringify({ id: 1, method: 'query', params: { path: 'health' } }));
    await vi.waitFor(() => expect(received[0]).toMatchObject({ id: 1, result: { type: 'data' } }));
    good.close();
  });

  it('refuses subscriptions past the cap on one connection (20,000 were allowed), and frees a slot when one stops', async () => {
    const socket = await authenticated();
    const received = tRPCMessages(socket);
    // 20,000 as in the finding cost minutes of CPU here; 1,000 shows the same cap.
    const total = 1000;
    for (let batch = 0; batch < total / 200; batch += 1) {
      const messages = Array.from({ length: 200 }, (_, index) => ({
        id: batch * 200 + index + 1,
        method: 'subscription',
        params: { path: 'events.config', input: { section: 'memory' } },
      }));
      socket.send(JSON.stringify(messages));
    }
    const started = () => received.filter((message) => message.result?.type === 'started');
    const refused = () => received.filter((message) => message.error?.data?.code === 'TOO_MANY_REQUESTS');
    await vi.waitFor(() => expect(started().length + refused().length).toBe(total), { timeout: 30_000 });
    expect(started()).toHaveLength(100);
    socket.send(JSON.stringify({ id: started()[0]?.id, method: 'subscription.stop' }));
    await vi.waitFor(() => expect(received.some((message) => message.result?.type === 'stopped')).toBe(true));
    socket.send(
      JSON.stringify({ id: total + 1, method: 'subscription', params: { path: 'events.config', input: {} } }),
    );
    await vi.waitFor(() =>
      expect(received.find((message) => message.id === total + 1)).toMatchObject({ result: { type: 'started' } }),
    );
    socket.close();
  });

  it('closes, with code 4413, a socket whose client stopped reading instead of buffering for it without bound', async () => {
    const small = await startTestStudio({
      token: TOKEN,
      studio: { logger: { ...createConsoleLogger('silent'), warn: (message) => warnings.push(message) } },
      server: { limits: { maxBufferedBytes: 256 * 1024 } },
    });
    try {
      const socket = await authenticated(small);
      const closed = closeCode(socket);
      socket.pause();
      // Each answer is a few KB: 10,000 of them are far more than the kernel's socket buffers hold.
      for (let batch = 0; batch < 20; batch += 1) {
        const messages = Array.from({ length: 500 }, (_, index) => ({
          id: batch * 500 + index + 1,
          method: 'query',
          params: { path: 'config.get' },
        }));
        socket.send(JSON.stringify(messages));
      }
      await vi.waitFor(() => expect(warnings).toContain('closed a WebSocket: slowConsumer'), { timeout: 30_000 });
      socket.resume();
      expect(await closed).toBe(4413);
    } finally {
      await small.close();
    }
  });
});
