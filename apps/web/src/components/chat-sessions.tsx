import { hrefFor } from '../hooks/use-hash-route';
import { formatRelative } from '../lib/format';
import { trpc } from '../trpc';
import { ErrorNotice } from './error-notice';
import { Icon } from './icon';
import { Spinner } from './spinner';

/** Past conversations, newest first, and a way to start a new one. */
export function ChatSessions({ current }: { current?: string }) {
  const sessions = trpc.chat.sessions.useInfiniteQuery({ limit: 30 }, { getNextPageParam: (page) => page.nextCursor ?? undefined });
  const items = sessions.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <nav className="sessions" aria-label="Conversations">
      <a className="button button-primary new-chat" href={hrefFor('chat')}>
        <Icon name="plus" size={16} />
        New chat
      </a>
      {sessions.isError ? (
        <ErrorNotice error={sessions.error} onRetry={() => void sessions.refetch()} title="Could not load conversations" />
      ) : sessions.isPending ? (
        <Spinner label="Loading…" />
      ) : items.length === 0 ? (
        <p className="muted small sessions-empty">Your conversations will be listed here.</p>
      ) : (
        <ul>
          {items.map((session) => (
            <li key={session.sessionId}>
              <a href={hrefFor('chat', { session: session.sessionId })} aria-current={session.sessionId === current ? 'page' : undefined}>
                <span className="truncate">{session.title || 'Untitled'}</span>
                <span className="muted small">
                  {formatRelative(session.updatedAt)} · {session.messageCount} {session.messageCount === 1 ? 'message' : 'messages'}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
      {sessions.hasNextPage ? (
        <button type="button" className="button button-ghost" onClick={() => void sessions.fetchNextPage()}>
          Older conversations
        </button>
      ) : null}
    </nav>
  );
}
