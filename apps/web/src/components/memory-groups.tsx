import type { MemoryEntry, MemoryType } from '@studio/shared';
import { trpc } from '../trpc';
import { MemoryRow } from './memory-row';

const GROUP_TITLES: Record<MemoryType, string> = {
  profile: 'About you',
  fact: 'Facts',
  conversation: 'Conversation summaries',
};
const ORDER: MemoryType[] = ['profile', 'fact', 'conversation'];

/** The session a conversation memory summarises, from its metadata (absent for one added by hand). */
function sessionOf(memory: MemoryEntry): string | undefined {
  const value = memory.metadata.sessionId;
  return typeof value === 'string' ? value : undefined;
}

/**
 * A page of memories grouped by type. Conversation summaries fold under their conversation's title
 * (never its id), so the few profile facts and facts are not buried under per-session entries.
 */
export function MemoryGroups({ items, onChanged }: { items: MemoryEntry[]; onChanged: () => void }) {
  const hasConversations = items.some((memory) => memory.type === 'conversation');
  const sessions = trpc.chat.sessions.useQuery({ limit: 200 }, { enabled: hasConversations });
  const titles = new Map(sessions.data?.items.map((session) => [session.sessionId, session.title]) ?? []);
  return (
    <div className="memory-groups">
      {ORDER.map((type) => {
        const group = items.filter((memory) => memory.type === type);
        if (group.length === 0) return null;
        return (
          <section key={type} className="memory-group" aria-labelledby={`memory-group-${type}`}>
            <h2 id={`memory-group-${type}`} className="memory-group-title">
              {GROUP_TITLES[type]} <span className="muted small">({group.length})</span>
            </h2>
            {type === 'conversation' ? (
              <ConversationFolds items={group} titles={titles} onChanged={onChanged} />
            ) : (
              <ul className="list">
                {group.map((memory) => (
                  <MemoryRow key={memory.id} memory={memory} onChanged={onChanged} />
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}

function ConversationFolds({
  items,
  titles,
  onChanged,
}: {
  items: MemoryEntry[];
  titles: Map<string, string>;
  onChanged: () => void;
}) {
  const bySession = new Map<string, MemoryEntry[]>();
  for (const memory of items) {
    const key = sessionOf(memory) ?? '';
    bySession.set(key, [...(bySession.get(key) ?? []), memory]);
  }
  return (
    <div className="memory-folds">
      {[...bySession.entries()].map(([sessionId, group]) => (
        <details key={sessionId || 'none'} className="memory-fold">
          <summary>
            <span className="truncate">
              {sessionId ? (titles.get(sessionId) ?? 'A deleted or older conversation') : 'Added by hand'}
            </span>
            <span className="muted small">
              {group.length} {group.length === 1 ? 'summary' : 'summaries'}
            </span>
          </summary>
          <ul className="list">
            {group.map((memory) => (
              <MemoryRow key={memory.id} memory={memory} onChanged={onChanged} />
            ))}
          </ul>
        </details>
      ))}
    </div>
  );
}
