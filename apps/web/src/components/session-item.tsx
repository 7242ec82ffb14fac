import type { ChatSessionSummary } from '@studio/shared';
import { useEffect, useRef, useState } from 'react';
import { hrefFor } from '../hooks/use-hash-route';
import { Icon } from './icon';

interface Props {
  session: ChatSessionSummary;
  current: boolean;
  detail: string;
  onRename: (title: string) => void;
  onDelete: () => void;
}

/** One conversation in the list: a link, renamed in place (Enter saves, Escape cancels), or deleted. */
export function SessionItem({ session, current, detail, onRename, onDelete }: Props) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(session.title);
  const input = useRef<HTMLInputElement>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);
  const title = session.title || 'Untitled';
  const finish = (save: boolean) => {
    const next = draft.trim();
    if (save && next && next !== session.title) onRename(next);
    setEditing(false);
    requestAnimationFrame(() => renameButton.current?.focus());
  };

  if (editing)
    return (
      <li className="session session-editing">
        <label htmlFor={`rename-${session.sessionId}`} className="visually-hidden">
          Conversation title
        </label>
        <input
          id={`rename-${session.sessionId}`}
          ref={input}
          className="input"
          value={draft}
          maxLength={200}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') finish(true);
            if (event.key === 'Escape') finish(false);
          }}
          onBlur={() => finish(true)}
        />
      </li>
    );
  return (
    <li className="session">
      <a href={hrefFor('chat', { session: session.sessionId })} aria-current={current ? 'page' : undefined}>
        <span className="truncate">{title}</span>
        <span className="muted small">{detail}</span>
      </a>
      <span className="session-actions">
        <button
          ref={renameButton}
          type="button"
          className="icon-button"
          aria-label={`Rename “${title}”`}
          title="Rename"
          onClick={() => {
            setDraft(session.title);
            setEditing(true);
          }}
        >
          <Icon name="edit" size={15} />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={`Delete “${title}”`}
          title="Delete"
          onClick={onDelete}
        >
          <Icon name="trash" size={15} />
        </button>
      </span>
    </li>
  );
}
