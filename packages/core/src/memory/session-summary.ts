/** How many topics one session summary keeps: the first (what the session was for) and the latest. */
const MAX_TOPICS = 12;
const TOPIC_CHARS = 140;

/** The running summary of one chat session, rebuilt after every turn without a model. */
export interface SessionSummary {
  turns: number;
  topics: string[];
}

/** Adds one user message to a session's summary. */
export function extendSummary(previous: SessionSummary | undefined, userMessage: string): SessionSummary {
  const topic = topicOf(userMessage);
  const topics = [...(previous?.topics ?? [])];
  if (topic && topics[topics.length - 1] !== topic) topics.push(topic);
  // Keep the opening topic: it usually says what the session is about.
  const kept = topics.length > MAX_TOPICS ? [topics[0] ?? '', ...topics.slice(-(MAX_TOPICS - 1))] : topics;
  return { turns: (previous?.turns ?? 0) + 1, topics: kept };
}

/** The memory text of a summary. */
export function renderSummary(sessionId: string, summary: SessionSummary): string {
  const plural = summary.turns === 1 ? 'turn' : 'turns';
  return `Conversation (session ${sessionId}, ${summary.turns} ${plural}). The user talked about: ${summary.topics.join('; ')}.`;
}

/** Reads a summary back from memory metadata (written by `extendSummary`). */
export function summaryFromMetadata(metadata: Record<string, unknown>): SessionSummary | undefined {
  const turns = metadata.turns;
  const topics = metadata.topics;
  if (typeof turns !== 'number' || !Array.isArray(topics)) return undefined;
  return { turns, topics: topics.filter((topic): topic is string => typeof topic === 'string') };
}

function topicOf(message: string): string {
  const firstSentence = message.trim().split(/(?<=[.!?])\s+|\n/)[0] ?? '';
  const compact = firstSentence.replace(/\s+/g, ' ').trim();
  return compact.length > TOPIC_CHARS ? `${compact.slice(0, TOPIC_CHARS - 1)}…` : compact;
}
