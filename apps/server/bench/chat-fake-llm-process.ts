import { startFakeLlm } from '@studio/testing';

// The chat benchmark's model, in its own process as a real model server would be: every request is
// answered with REPLY_TOKENS tokens paced TOKEN_DELAY_MS apart. Prints its URL, stops on SIGTERM.
const tokens = Number(process.env.REPLY_TOKENS ?? 200);
const tokenDelayMs = Number(process.env.TOKEN_DELAY_MS ?? 1);
const reply = Array.from({ length: tokens }, (_, index) => `token${index}`).join(' ');
const llm = await startFakeLlm({ respond: () => ({ content: reply, tokenDelayMs }) });
process.stdout.write(`fake llm at ${llm.url}\n`);
const stop = () => void llm.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
