import type { Citation, MemoryHit, SearchHit } from '@studio/shared';
import { estimateTokens, type LanguageModel } from '../llm/language-model';
import type { ChatMessage } from '@studio/shared';
import type { MemoryRecall } from '../ports/memory-recall';
import type { LiveExecution } from '../executions/live-execution';
import { buildOfflineAnswer } from './offline-answer';
import { personalReply } from './personal-answer';
import { buildPrompt } from './prompt';
import { citedSources, numberSources } from './sources';
import type { TokenMeter } from './token-meter';

/** The context gathered for one answer. */
export interface AnswerContext {
  message: string;
  history: ChatMessage[];
  memories: MemoryHit[];
  hits: SearchHit[];
}

/**
 * Streams the model's answer over a prompt with numbered sources; returns the sources it cited.
 * The budget is checked while tokens arrive, so a runaway answer stops at the limit.
 */
export async function answerWithModel(
  model: LanguageModel,
  context: AnswerContext,
  execution: LiveExecution,
  meter: TokenMeter,
  signal: AbortSignal,
): Promise<Citation[]> {
  const remaining = meter.budget - meter.used;
  const prompt = buildPrompt({
    message: context.message,
    history: context.history,
    memories: context.memories,
    sources: numberSources(context.hits),
    maxPromptTokens: Math.floor(remaining * 0.75),
  });
  let text = '';
  for await (const part of model.stream({ messages: prompt.messages }, signal)) {
    if (part.type === 'text') {
      text += part.text;
      execution.token(part.text);
      meter.check(meter.used + prompt.promptTokens + estimateTokens(text));
    } else if (part.type === 'finish') {
      // The limit was enforced while streaming; a complete answer is not failed over the provider's final count.
      meter.record(part.usage.totalTokens);
    }
  }
  return citedSources(text, prompt.sources);
}

/** Streams the extractive offline answer block by block (saying why, when a model failed); returns its citations. */
export async function answerOffline(
  context: AnswerContext,
  execution: LiveExecution,
  signal: AbortSignal,
  modelFailure?: string,
): Promise<Citation[]> {
  const answer = buildOfflineAnswer({
    question: context.message,
    hits: context.hits,
    memories: context.memories,
    ...(modelFailure ? { modelFailure } : {}),
  });
  await streamBlocks(answer.blocks, execution, signal);
  return answer.citations;
}

/**
 * Answers a message about the user (`isAboutUser`) in one sentence from their memories (profile
 * first, then facts sharing its words), with no file quotes.
 */
export async function answerAboutUser(
  request: { userId: string; message: string },
  memory: MemoryRecall,
  execution: LiveExecution,
  signal: AbortSignal,
): Promise<Citation[]> {
  const { profile, relevant } = await memory.recall(
    { userId: request.userId, query: request.message, matchWords: true },
    signal,
  );
  await streamBlocks([personalReply(request.message, [...profile, ...relevant])], execution, signal);
  return [];
}

async function streamBlocks(blocks: string[], execution: LiveExecution, signal: AbortSignal): Promise<void> {
  for (const block of blocks) {
    signal.throwIfAborted();
    execution.token(block);
    // One block per turn of the event loop, so each leaves as its own token event.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
