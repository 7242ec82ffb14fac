import type { ChatSessionSummary } from '@studio/shared';
import { useDeferredValue, useState } from 'react';
import { hrefFor } from '../hooks/use-hash-route';
import { useToast } from '../hooks/use-toast';
import { messageOf } from '../lib/errors';
import { formatRelative } from '../lib/format';
import { SHORTCUTS } from '../lib/shortcuts';
import { trpc } from '../trpc';
import { Icon } from './icon';
import { QueryView } from './query-view';
import { SessionItem } from './session-item';

/** Pages of sessions as one list: a session that moved between two fetches is shown once, where it is now. */
function uniqueSessions(pages: { items: ChatSessionSummary[] }[] | undefined): ChatSessionSummary[] {
  const seen = new Set<string>();
  return (pages ?? [])
    .flatMap((page) => page.items)
    .filter((session) => (seen.has(session.sessionId) ? false : (seen.add(session.sessionId), true)));
}

/** Past conversations, newest first: search, rename, delete with undo, and a way to start a new one. */
export function ChatSessions({ current }: { current?: string }) {
  const [search, setSearch] = useState('');
  const query = useDeferredValue(search.trim());
  // On a narrow screen the list folds away so that the conversation keeps the screen.
  const [open, setOpen] = useState(false);
  const sessions = trpc.chat.sessions.useInfiniteQuery(
    { limit: 30, query: query || undefined },
    { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: (previous) => previous },
  );
  const items = uniqueSessions(sessions.data?.pages);
  const utils = trpc.useUtils();
  const toast = useToast();
  const refresh = () => void utils.chat.sessions.invalidate();
  const restore = trpc.chat.restoreSession.useMutation({
    onSuccess: refresh,
    onError: (error) => toast.show('error', 'Could not restore the conversation', messageOf(error)),
  });
  const remove = trpc.chat.deleteSession.useMutation({
    onSuccess: ({ sessionId }) => {
      refresh();
      if (sessionId === current) location.hash = hrefFor('chat');
      toast.show('info', 'Conversation deleted', undefined, {
        label: 'Undo',
        onClick: () => restore.mutate({ sessionId }),
      });
    },
    onError: (error) => toast.show('error', 'Could not delete the conversation', messageOf(error)),
  });
  const rename = trpc.chat.renameSession.useMutation({
    onSuccess: refresh,
    onError: (error) => toast.show('error', 'Could not rename the conversation', messageOf(error)),
  });
  const currentTitle = items.find((session) => session.sessionId === current)?.title;

  return (
    <nav className={`sessions${open ? ' is-open' : ''}`} aria-label="Conversations">
      <div className="sessions-top">
        <a
          className="button button-primary new-chat"
          href={hrefFor('chat')}
          aria-keyshortcuts={SHORTCUTS.newChat.aria}
          title={`New chat (${SHORTCUTS.newChat.label})`}
        >
          <Icon name="plus" size={16} />
          New chat
        </a>
        <button
          type="button"
          className="button sessions-toggle"
          aria-expanded={open}
          aria-controls="sessions-body"
          onClick={() => setOpen((value) => !value)}
        >
          <Icon name="chat" size={16} />
          <span className="truncate">{open ? 'Hide conversations' : (currentTitle ?? 'Conversations')}</span>
        </button>
      </div>
      <div className="sessions-body" id="sessions-body">
        <div className="sessions-search">
          <label htmlFor="session-search" className="visually-hidden">
            Search conversations
          </label>
          <Icon name="search" size={16} />
          <input
            id="session-search"
            className="input"
            type="search"
            placeholder="Search conversations"
            value={search}
            maxLength={200}
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        <QueryView
          query={sessions}
          errorTitle="Could not load conversations"
          loadingLabel="Loading…"
          isEmpty={() => items.length === 0}
          empty={
            <p className="muted small sessions-empty">
              {query ? `No conversation titled like “${query}”.` : 'Your conversations will be listed here.'}
            </p>
          }
        >
          {() => (
            <ul>
              {items.map((session) => (
                <SessionItem
                  key={session.sessionId}
                  session={session}
                  current={session.sessionId === current}
                  detail={`${formatRelative(session.updatedAt)} · ${session.messageCount} ${session.messageCount === 1 ? 'message' : 'messages'}`}
                  onRename={(title) => rename.mutate({ sessionId: session.sessionId, title })}
                  onDelete={() => remove.mutate({ sessionId: session.sessionId })}
                />
              ))}
            </ul>
          )}
        </QueryView>
        {sessions.hasNextPage ? (
          <button type="button" className="button button-ghost" onClick={() => void sessions.fetchNextPage()}>
            Older conversations
          </button>
        ) : null}
      </div>
    </nav>
  );
}
