import { hrefFor } from '../hooks/use-hash-route';
import { formatRelative } from '../lib/format';
import { trpc } from '../trpc';
import { Icon } from './icon';
import { QueryView } from './query-view';

/** Past conversations, newest first, and a way to start a new one. */
export function ChatSessions({ current }: { current?: string }) {
  const sessions = trpc.chat.sessions.useInfiniteQuery(
    { limit: 30 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const items = sessions.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <nav className="sessions" aria-label="Conversations">
      <a className="button button-primary new-chat" href={hrefFor('chat')}>
        <Icon name="plus" size={16} />
        New chat
      </a>
      <QueryView
        query={sessions}
        errorTitle="Could not load conversations"
        loadingLabel="Loading…"
        isEmpty={() => items.length === 0}
        empty={<p className="muted small sessions-empty">Your conversations will be listed here.</p>}
      >
        {() => (
          <ul>
            {items.map((session) => (
              <li key={session.sessionId}>
                <a
                  href={hrefFor('chat', { session: session.sessionId })}
                  aria-current={session.sessionId === current ? 'page' : undefined}
                >
                  <span className="truncate">{session.title || 'Untitled'}</span>
                  <span className="muted small">
                    {formatRelative(session.updatedAt)} · {session.messageCount}{' '}
                    {session.messageCount === 1 ? 'message' : 'messages'}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      {sessions.hasNextPage ? (
        <button type="button" className="button button-ghost" onClick={() => void sessions.fetchNextPage()}>
          Older conversations
        </button>
      ) : null}
    </nav>
  );
}
