import type { AppRouter } from '@studio/api';
import { createConsoleLogger, createStudio } from '@studio/core';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import WebSocket, { WebSocketServer } from 'ws';
import { startServer } from '../src/create-server';
import { percentile, round, type BenchContext, type BenchSuite } from './bench-types';

/**
 * 500 WebSocket subscribers of `events.files`: delivered events/s through the studio (bus → tRPC
 * subscription → ws) against a raw `ws` broadcast of the same payloads, in the same run.
 */
const suite: BenchSuite = {
  name: 'fanout',
  async run(context) {
    const subscribers = context.quick ? 200 : 500;
    const events = context.quick ? 50 : 200;
    const raw = await rawBroadcast(subscribers, events);
    context.log(`raw ws: ${Math.round(raw.perSecond)} deliveries/s`);
    const studio = await studioBroadcast(context, subscribers, events);
    context.log(`studio: ${Math.round(studio.perSecond)} deliveries/s`);
    return [
      {
        name: 'fanout.events_ratio_to_raw_ws',
        value: round(studio.perSecond / raw.perSecond, 3),
        unit: 'ratio',
        note: `${subscribers} WS subscribers × ${events} file-progress events; target ≥ 0.3`,
      },
      {
        name: 'fanout.studio_events_per_s',
        value: Math.round(studio.perSecond),
        unit: 'deliveries/s',
        note: 'events.files over tRPC WS',
      },
      {
        name: 'fanout.raw_ws_events_per_s',
        value: Math.round(raw.perSecond),
        unit: 'deliveries/s',
        note: 'baseline: raw ws broadcast',
      },
      {
        name: 'fanout.p99_delivery_ms',
        value: round(studio.p99, 1),
        unit: 'ms',
        note: 'publish → subscriber callback, studio path',
      },
      { name: 'fanout.raw_p99_delivery_ms', value: round(raw.p99, 1), unit: 'ms', note: 'baseline: raw ws broadcast' },
    ];
  },
};
export default suite;

interface Outcome {
  perSecond: number;
  p99: number;
}

function payload(index: number) {
  return {
    fileId: 'bench-file',
    status: 'processing' as const,
    stage: 'embedding' as const,
    progress: index % 100,
    message: String(performance.now()),
  };
}

async function rawBroadcast(subscribers: number, events: number): Promise<Outcome> {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const latencies: number[] = [];
  let remaining = subscribers * events;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const clients = await Promise.all(
    Array.from({ length: subscribers }, async () => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}`);
      socket.on('message', (data) => {
        const event = JSON.parse(data.toString()) as { message: string };
        latencies.push(performance.now() - Number(event.message));
        remaining -= 1;
        if (remaining === 0) finish();
      });
      await new Promise((resolve) => socket.once('open', resolve));
      return socket;
    }),
  );
  const started = performance.now();
  for (let index = 0; index < events; index += 1) {
    const text = JSON.stringify(payload(index));
    for (const client of wss.clients) client.send(text);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await done;
  const elapsed = (performance.now() - started) / 1000;
  for (const client of clients) client.terminate();
  wss.close();
  server.close();
  return { perSecond: (subscribers * events) / elapsed, p99: percentile(latencies, 99) };
}

async function studioBroadcast(context: BenchContext, subscribers: number, events: number): Promise<Outcome> {
  const studio = await createStudio({
    dataDir: context.workDir,
    logger: createConsoleLogger('silent'),
    watchConfig: false,
  });
  const server = await startServer(studio, { host: '127.0.0.1', port: 0, corsOrigins: [] });
  const latencies: number[] = [];
  let remaining = subscribers * events;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let ready = 0;
  let allReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => (allReady = resolve));
  const connections = Array.from({ length: subscribers }, () => {
    const wsClient = createWSClient({
      url: `${server.url.replace('http', 'ws')}/trpc`,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
    const subscription = client.events.files.subscribe(
      // Ids start from the clock: "from now on" covers events published before the server registers us.
      { fileId: 'bench-file', lastEventId: `${Date.now() - 1}-999999` },
      {
        onStarted: () => {
          ready += 1;
          if (ready === subscribers) allReady();
        },
        onData: ({ data }) => {
          latencies.push(performance.now() - Number(data.message));
          remaining -= 1;
          if (remaining === 0) finish();
        },
      },
    );
    return { wsClient, subscription };
  });
  await readyPromise;
  const started = performance.now();
  for (let index = 0; index < events; index += 1) {
    void studio.bus.publish('file-progress', payload(index));
    await new Promise((resolve) => setImmediate(resolve));
  }
  await done;
  const elapsed = (performance.now() - started) / 1000;
  for (const connection of connections) {
    connection.subscription.unsubscribe();
    void connection.wsClient.close();
  }
  await server.close(500);
  return { perSecond: (subscribers * events) / elapsed, p99: percentile(latencies, 99) };
}
