import type { AppRouter } from '@studio/api';
import { createConsoleLogger, createStudio } from '@studio/core';
import type { ChatEvent } from '@studio/shared';
import { splitTokens, startFakeLlm } from '@studio/testing';
import { createTRPCClient, createWSClient, httpSubscriptionLink, wsLink, type TRPCClient } from '@trpc/client';
import { EventSource } from 'eventsource';
import OpenAI from 'openai';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { startServer } from '../src/create-server';
import { percentile, round, type BenchResult, type BenchSuite } from './bench-types';

/** A fast local model: one token per millisecond, faster than any model this machine could run. */
const TOKEN_DELAY_MS = 1;
const REPLY = Array.from({ length: 200 }, (_, index) => `token${index}`).join(' ');
const REPLY_TOKENS = splitTokens(REPLY).length;

interface Sample {
  ttftMs: number;
  tokensPerSecond: number;
}

/** The same fake server consumed directly by the `openai` client: the baseline. */
async function direct(client: OpenAI): Promise<Sample> {
  const started = performance.now();
  const stream = await client.chat.completions.create({ model: 'fake', stream: true, messages: [{ role: 'user', content: 'bench' }] });
  let first: number | undefined;
  let text = '';
  for await (const chunk of stream) {
    const content = chunk.choices[0]?.delta.content;
    if (!content) continue;
    first ??= performance.now();
    text += content;
  }
  const ended = performance.now();
  if (text !== REPLY || first === undefined) throw new Error('direct stream returned the wrong reply');
  return { ttftMs: first - started, tokensPerSecond: REPLY_TOKENS / ((ended - first) / 1000) };
}

/** One answer through chat.stream (server, orchestrator, SQLite, retrieval, memory) over a tRPC link. */
function throughStudio(trpc: TRPCClient<AppRouter>): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first: number | undefined;
    let text = '';
    const subscription = trpc.chat.stream.subscribe(
      { message: 'bench' },
      {
        onData: ({ data }: { data: ChatEvent }) => {
          if (data.type === 'token') {
            first ??= performance.now();
            text += data.text;
          } else if (data.type === 'end' || data.type === 'error') {
            const ended = performance.now();
            subscription.unsubscribe();
            if (data.type === 'error' || text !== REPLY || first === undefined) {
              reject(new Error(`chat.stream failed: ${JSON.stringify(data).slice(0, 200)}`));
              return;
            }
            resolve({ ttftMs: first - started, tokensPerSecond: REPLY_TOKENS / ((ended - first) / 1000) });
          }
        },
        onError: reject,
      },
    );
  });
}

const median = (samples: number[]) => percentile(samples, 50);

/** Waits until the studio's background work (memory capture after an answer) is done, so it does not disturb the next sample. */
async function settle(work: { size: number }): Promise<void> {
  while (work.size > 0) await new Promise((resolve) => setTimeout(resolve, 2));
}

const suite: BenchSuite = {
  name: 'chat',
  async run({ quick, workDir, log }) {
    const iterations = quick ? 12 : 40;
    const llm = await startFakeLlm({ respond: () => ({ content: REPLY, tokenDelayMs: TOKEN_DELAY_MS }) });
    const studio = await createStudio({ dataDir: workDir, logger: createConsoleLogger('error'), watchConfig: false, llm: { baseURL: llm.url, model: 'fake' } });
    const server = await startServer(studio, { host: '127.0.0.1', port: 0, corsOrigins: [] });
    const wsClient = createWSClient({ url: `${server.url.replace(/^http/, 'ws')}/trpc`, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
    const overWs = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
    const overSse = createTRPCClient<AppRouter>({
      links: [httpSubscriptionLink<AppRouter, typeof EventSource>({ url: `${server.url}/trpc`, EventSource })],
    });
    const openai = new OpenAI({ baseURL: llm.url, apiKey: 'bench', maxRetries: 0 });
    const samples = { direct: [] as Sample[], ws: [] as Sample[], sse: [] as Sample[] };
    try {
      // Warm-up: JIT, Chroma and Mem0 first use, connection set-up.
      for (let index = 0; index < 3; index += 1) {
        await direct(openai);
        await throughStudio(overWs);
        await settle(studio.work);
        await throughStudio(overSse);
        await settle(studio.work);
      }
      // Interleaved, so drift in machine load hits every path alike.
      for (let index = 0; index < iterations; index += 1) {
        samples.direct.push(await direct(openai));
        samples.ws.push(await throughStudio(overWs));
        await settle(studio.work);
        samples.sse.push(await throughStudio(overSse));
        await settle(studio.work);
      }
    } finally {
      await wsClient.close();
      await server.close(1000);
      await llm.stop();
    }
    const ttft = (list: Sample[]) => median(list.map((sample) => sample.ttftMs));
    const rate = (list: Sample[]) => median(list.map((sample) => sample.tokensPerSecond));
    log(
      `direct: ttft p50 ${round(ttft(samples.direct))} ms, ${round(rate(samples.direct), 0)} tokens/s; ` +
        `ws: ${round(ttft(samples.ws))} ms, ${round(rate(samples.ws), 0)} tokens/s; ` +
        `sse: ${round(ttft(samples.sse))} ms, ${round(rate(samples.sse), 0)} tokens/s`,
    );
    const note = `${iterations} answers of ${REPLY_TOKENS} tokens, fake model at ${TOKEN_DELAY_MS} ms/token; baseline: the same server read directly by the openai client in this run`;
    const results: BenchResult[] = [
      { name: 'chat.ttft_added_ms_p50', value: round(ttft(samples.ws) - ttft(samples.direct)), unit: 'ms', note: `chat.stream over WS vs direct; target < 10. ${note}` },
      { name: 'chat.throughput_ratio', value: round(rate(samples.ws) / rate(samples.direct)), unit: 'ratio', note: `tokens/s over WS ÷ direct; target ≥ 0.8. ${note}` },
      { name: 'chat.sse_ttft_added_ms_p50', value: round(ttft(samples.sse) - ttft(samples.direct)), unit: 'ms', note: `chat.stream over SSE vs direct; target < 10. ${note}` },
      { name: 'chat.sse_throughput_ratio', value: round(rate(samples.sse) / rate(samples.direct)), unit: 'ratio', note: `tokens/s over SSE ÷ direct; target ≥ 0.8. ${note}` },
    ];
    return results;
  },
};

export default suite;
