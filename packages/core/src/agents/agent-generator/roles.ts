import type { ToolName } from '@studio/shared';

/** The kinds of agent a task can be assigned to; the planner and the generator share this list. */
export const AGENT_ROLES = ['researcher', 'summarizer', 'analyst', 'memory_keeper', 'writer'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

/** What each role is for and the tools it may use (before `agent_generator.available_tools` narrows them). */
export const ROLE_PROFILES: Record<AgentRole, { purpose: string; tools: ToolName[] }> = {
  researcher: {
    purpose: "find facts in the user's files and memories and report them with their sources",
    tools: ['search_files', 'read_chunk', 'list_files', 'recall_memory'],
  },
  summarizer: {
    purpose: 'condense documents or earlier results into a short, faithful summary',
    tools: ['search_files', 'read_chunk', 'list_files', 'summarize'],
  },
  analyst: {
    purpose: 'compare, compute and reason over facts, showing the numbers used',
    tools: ['search_files', 'read_chunk', 'calculator', 'summarize'],
  },
  memory_keeper: {
    purpose: 'recall what the user told the studio before and store new facts worth keeping',
    tools: ['recall_memory', 'save_memory'],
  },
  writer: {
    purpose: 'combine earlier results into a clear final answer',
    tools: ['summarize', 'recall_memory'],
  },
};

/** Picks a role for a piece of work from its wording; unknown names fall back to researcher. */
export function roleFor(text: string): AgentRole {
  if (/\b(remember|recall|my (name|preference)s?|save (this|that))\b/i.test(text)) return 'memory_keeper';
  if (/\b(summari[sz]e|summary|tl;?dr|key points|overview|condense)\b/i.test(text)) return 'summarizer';
  if (
    /\b(compare|contrast|analy[sz]e|calculate|compute|how much|how many|sum of|total|average|\d+\s*[-+*/^%]\s*\d+)\b/i.test(
      text,
    )
  ) {
    return 'analyst';
  }
  if (/\b(write|draft|compose|combine|synthesi[sz]e)\b/i.test(text)) return 'writer';
  return 'researcher';
}

/** Narrows an assigned agent name (which an LLM may invent) to a known role. */
export function asRole(name: string): AgentRole {
  return (AGENT_ROLES as readonly string[]).includes(name) ? (name as AgentRole) : roleFor(name);
}
