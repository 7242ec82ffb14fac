import { startFakeLlm } from '@studio/testing';
import { MARKDOWN_ANSWER, PLAIN_ANSWER } from './render-answers';

// The render benchmark's model, in its own process as a real model server would be: a question
// naming "plain" gets the prose answer, any other the Markdown one, TOKEN_DELAY_MS apart.
const tokenDelayMs = Number(process.env.TOKEN_DELAY_MS ?? 1);
const llm = await startFakeLlm({
  respond: (request) => {
    const question = String(request.messages.at(-1)?.content ?? '');
    return { content: question.includes('plain') ? PLAIN_ANSWER : MARKDOWN_ANSWER, tokenDelayMs };
  },
});
process.stdout.write(`fake llm at ${llm.url}\n`);
const stop = () => void llm.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
