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

/**
 * The memory text of a summary: what the session was about, in words a user would write. The
 * session is linked through metadata, never by its id in the text.
 */
export function renderSummary(summary: SessionSummary): string {
  const plural = summary.turns === 1 ? 'turn' : 'turns';
  return `A chat of ${summary.turns} ${plural} about: ${summary.topics.join('; ')}`;
}

/** Reads a summary back from memory metadata (written by `extendSummary`). */
export function summaryFromMetadata(metadata: Record<string, unknown>): SessionSummary | undefined {
  const turns = metadata.turns;
  const topics = metadata.topics;
  if (typeof turns !== 'number' || !Array.isArray(topics)) return undefined;
  return { turns, topics: topics.filter((topic): topic is string => typeof topic === 'string') };
}

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

function topicOf(message: string): string {
  const firstSentence = message.trim().split(/(?<=[.!?])\s+|\n/)[0] ?? '';
  const compact = firstSentence.replace(UUID, '…').replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  return compact.length > TOPIC_CHARS ? `${compact.slice(0, TOPIC_CHARS - 1)}…` : compact;
}
