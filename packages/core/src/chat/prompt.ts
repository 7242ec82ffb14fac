import type { ChatMessage, MemoryHit } from '@studio/shared';
import { estimateTokens, type LlmMessage } from '../llm/language-model';
import { clip, sourceLabel, type NumberedSource } from './sources';

const INSTRUCTIONS = [
  'You are the assistant of Local Agent Studio, answering questions about the user’s own files and notes.',
  'Use the numbered sources when they are relevant and cite them inline as [1] or [2][3], right after the statement they support.',
  'Cite only sources that support the statement. If the sources do not contain the answer, say so plainly; do not invent citations.',
  'Be concise.',
].join(' ');

/** Everything the prompt is built from. */
export interface PromptInput {
  message: string;
  history: ChatMessage[];
  memories: MemoryHit[];
  sources: NumberedSource[];
  /** The prompt is trimmed (fewest sources and history first kept) to stay under this many tokens. */
  maxPromptTokens: number;
}

/**
 * System instructions with memories and numbered sources, then the recent turns, then the message.
 * Over budget, the least relevant sources go first, then the oldest turns.
 */
export function buildPrompt(input: PromptInput): {
  messages: LlmMessage[];
  sources: NumberedSource[];
  promptTokens: number;
} {
  let sources = input.sources;
  let history = input.history;
  for (;;) {
    const messages = assemble(input, sources, history);
    const promptTokens = estimateTokens(messages.map((message) => message.content).join('\n'));
    if (promptTokens <= input.maxPromptTokens || (sources.length === 0 && history.length === 0)) {
      return { messages, sources, promptTokens };
    }
    if (sources.length > 0) sources = sources.slice(0, -1);
    else history = history.slice(1);
  }
}

function assemble(input: PromptInput, sources: NumberedSource[], history: ChatMessage[]): LlmMessage[] {
  const sections = [INSTRUCTIONS];
  // A system prompt the client sent (OpenAI endpoint) is kept as the client's instructions.
  const clientInstructions = history.filter((message) => message.role === 'system').map((message) => message.content);
  if (clientInstructions.length > 0) sections.push(`Instructions from the client:\n${clientInstructions.join('\n\n')}`);
  if (input.memories.length > 0) {
    sections.push(
      `What you remember about the user:\n${input.memories.map((memory) => `- ${clip(memory.content, 500)}`).join('\n')}`,
    );
  }
  sections.push(
    sources.length > 0
      ? `Sources:\n\n${sources.map((source) => `[${source.number}] ${sourceLabel(source.hit)}\n${source.hit.text.trim()}`).join('\n\n')}`
      : 'Sources: none of the user’s files matched this question.',
  );
  return [
    { role: 'system', content: sections.join('\n\n') },
    ...history
      .filter((message) => message.role === 'user' || message.role === 'assistant')
      .map((message) => ({ role: message.role as 'user' | 'assistant', content: message.content })),
    { role: 'user', content: input.message },
  ];
}
