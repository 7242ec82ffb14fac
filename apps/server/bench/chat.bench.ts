import type { AppRouter } from '@studio/api';
import type { ChatEvent } from '@studio/shared';
import { splitTokens } from '@studio/testing';
import { createTRPCClient, createWSClient, httpSubscriptionLink, wsLink, type TRPCClient } from '@trpc/client';
import { EventSource } from 'eventsource';
import OpenAI from 'openai';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { startModelAndStudio, stopChild } from './bench-processes';
import { percentile, round, type BenchResult, type BenchSuite } from './bench-types';

/** A fast local model: one token per millisecond, faster than any model this machine could run. */
const TOKEN_DELAY_MS = 1;
const REPLY_LENGTH = 200;
const REPLY = Array.from({ length: REPLY_LENGTH }, (_, index) => `token${index}`).join(' ');
const REPLY_TOKENS = splitTokens(REPLY).length;

interface Sample {
  /** Time to the `start` event: transport and session set-up, before retrieval and the model. */
  startMs?: number;
  ttftMs: number;
  tokensPerSecond: number;
}

/** The same fake server consumed directly by the `openai` client: the baseline. */
async function direct(client: OpenAI): Promise<Sample> {
  const started = performance.now();
  const stream = await client.chat.completions.create({
    model: 'fake',
    stream: true,
    messages: [{ role: 'user', content: 'bench' }],
  });
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
    let startMs: number | undefined;
    let text = '';
    const subscription = trpc.chat.stream.subscribe(
      { message: 'bench' },
      {
        onData: ({ data }: { data: ChatEvent }) => {
          if (data.type === 'start') startMs = performance.now() - started;
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
            resolve({ startMs, ttftMs: first - started, tokensPerSecond: REPLY_TOKENS / ((ended - first) / 1000) });
          }
        },
        onError: reject,
      },
    );
  });
}

const median = (samples: number[]) => percentile(samples, 50);

/** A pause after each studio answer, so its background memory capture does not disturb the next sample. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

const suite: BenchSuite = {
  name: 'chat',
  async run({ quick, workDir, log }) {
    const iterations = quick ? 12 : 40;
    // Three processes, as in use: the model server, the studio server, and the clients (this one).
    const { llm, server } = await startModelAndStudio(
      'bench/chat-fake-llm-process.ts',
      { REPLY_TOKENS: String(REPLY_LENGTH), TOKEN_DELAY_MS: String(TOKEN_DELAY_MS) },
      workDir,
    );
    const wsClient = createWSClient({
      url: `${server.url.replace(/^http/, 'ws')}/trpc`,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    const overWs = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
    const overSse = createTRPCClient<AppRouter>({
      links: [httpSubscriptionLink<AppRouter, typeof EventSource>({ url: `${server.url}/trpc`, EventSource })],
    });
    const openai = new OpenAI({ baseURL: llm.url, apiKey: 'bench', maxRetries: 0 });
    log(`model server ${llm.url}, studio ${server.url}`);
    const samples = { direct: [] as Sample[], ws: [] as Sample[], sse: [] as Sample[] };
    try {
      // Warm-up: JIT, Chroma and Mem0 first use, connection set-up.
      for (let index = 0; index < 3; index += 1) {
        await direct(openai);
        await throughStudio(overWs);
        await settle();
        await throughStudio(overSse);
        await settle();
      }
      // Interleaved, so drift in machine load hits every path alike.
      for (let index = 0; index < iterations; index += 1) {
        samples.direct.push(await direct(openai));
        samples.ws.push(await throughStudio(overWs));
        await settle();
        samples.sse.push(await throughStudio(overSse));
        await settle();
      }
    } finally {
      await wsClient.close();
      await stopChild(server.child);
      await stopChild(llm.child);
    }
    const ttft = (list: Sample[]) => median(list.map((sample) => sample.ttftMs));
    const rate = (list: Sample[]) => median(list.map((sample) => sample.tokensPerSecond));
    const toStart = (list: Sample[]) => median(list.map((sample) => sample.startMs ?? Number.NaN));
    log(
      `direct: ttft p50 ${round(ttft(samples.direct))} ms, ${round(rate(samples.direct), 0)} tokens/s; ` +
        `ws: start ${round(toStart(samples.ws))} ms, ttft ${round(ttft(samples.ws))} ms, ${round(rate(samples.ws), 0)} tokens/s; ` +
        `sse: start ${round(toStart(samples.sse))} ms, ttft ${round(ttft(samples.sse))} ms, ${round(rate(samples.sse), 0)} tokens/s`,
    );
    const note = `${iterations} answers of ${REPLY_TOKENS} tokens, fake model at ${TOKEN_DELAY_MS} ms/token; baseline: the same server read directly by the openai client in this run`;
    const results: BenchResult[] = [
      {
        name: 'chat.ttft_added_ms_p50',
        value: round(ttft(samples.ws) - ttft(samples.direct)),
        unit: 'ms',
        note: `chat.stream over WS vs direct; target < 10. ${note}`,
      },
      {
        name: 'chat.throughput_ratio',
        value: round(rate(samples.ws) / rate(samples.direct)),
        unit: 'ratio',
        note: `tokens/s over WS ÷ direct; target ≥ 0.8. ${note}`,
      },
      {
        name: 'chat.sse_ttft_added_ms_p50',
        value: round(ttft(samples.sse) - ttft(samples.direct)),
        unit: 'ms',
        note: `chat.stream over SSE vs direct; target < 10. ${note}`,
      },
      {
        name: 'chat.sse_throughput_ratio',
        value: round(rate(samples.sse) / rate(samples.direct)),
        unit: 'ratio',
        note: `tokens/s over SSE ÷ direct; target ≥ 0.8. ${note}`,
      },
    ];
    return results;
  },
};

export default suite;
