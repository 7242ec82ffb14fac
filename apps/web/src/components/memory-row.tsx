import { DEFAULT_USER_ID, MemoryUpdateInputSchema, type MemoryEntry } from '@studio/shared';
import { useEffect, useRef, useState } from 'react';
import { useToast } from '../hooks/use-toast';
import { fieldErrorsOf, messageOf } from '../lib/errors';
import { formatRelative } from '../lib/format';
import { trpc } from '../trpc';
import { Icon } from './icon';

const TYPE_BADGE = { profile: 'badge badge-accent', fact: 'badge badge-ok', conversation: 'badge' } as const;

/** One memory: read it, edit it in place (Escape cancels, Ctrl+Enter saves), or delete it. */
export function MemoryRow({ memory, onChanged }: { memory: MemoryEntry; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [draft, setDraft] = useState(memory.content);
  const [error, setError] = useState<string>();
  const editor = useRef<HTMLTextAreaElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const toast = useToast();

  useEffect(() => {
    if (editing) editor.current?.focus();
  }, [editing]);

  const update = trpc.memory.update.useMutation({
    onSuccess: () => {
      setEditing(false);
      onChanged();
      toast.show('success', 'Memory updated');
      requestAnimationFrame(() => editButton.current?.focus());
    },
    onError: (failure) => setError(fieldErrorsOf(failure).content ?? messageOf(failure)),
  });
  const remove = trpc.memory.delete.useMutation({
    onSuccess: () => {
      onChanged();
      toast.show('success', 'Memory deleted');
    },
    onError: (failure) => toast.show('error', 'Could not delete the memory', messageOf(failure)),
  });

  const save = () => {
    const parsed = MemoryUpdateInputSchema.safeParse({ id: memory.id, content: draft });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    update.mutate(parsed.data);
  };
  const cancel = () => {
    setEditing(false);
    setDraft(memory.content);
    setError(undefined);
    requestAnimationFrame(() => editButton.current?.focus());
  };
  const editorId = `memory-edit-${memory.id}`;

  return (
    <li className="memory-row" aria-label={memory.content.slice(0, 80)}>
      <div className="grow stack-tight">
        <div className="row">
          <span className={TYPE_BADGE[memory.type]}>{memory.type}</span>
          <span className="muted small">
            updated {formatRelative(memory.updatedAt)}
            {memory.userId !== DEFAULT_USER_ID ? ` · user ${memory.userId}` : ''}
          </span>
        </div>
        {editing ? (
          <div className="field">
            <label htmlFor={editorId} className="visually-hidden">
              Memory text
            </label>
            <textarea
              id={editorId}
              ref={editor}
              className="textarea"
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Escape') cancel();
                if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) save();
              }}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${editorId}-error` : undefined}
            />
            {error ? (
              <p className="field-error" id={`${editorId}-error`} role="alert">
                {error}
              </p>
            ) : null}
            <div className="row">
              <button
                type="button"
                className="button button-primary button-small"
                onClick={save}
                disabled={update.isPending}
              >
                {update.isPending ? 'Saving…' : 'Save'}
              </button>
              <button type="button" className="button button-small" onClick={cancel}>
                Cancel
              </button>
            </div>
          </div>
        ) : (
          <p className="memory-content">{memory.content}</p>
        )}
      </div>
      {editing ? null : confirming ? (
        <div className="row confirm" role="group" aria-label="Confirm delete">
          <span className="small">Delete?</span>
          <button
            type="button"
            className="button button-danger button-small"
            onClick={() => remove.mutate({ id: memory.id })}
            disabled={remove.isPending}
          >
            Delete
          </button>
          <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </div>
      ) : (
        <div className="row row-actions">
          <button
            ref={editButton}
            type="button"
            className="icon-button"
            aria-label="Edit memory"
            onClick={() => setEditing(true)}
          >
            <Icon name="edit" />
          </button>
          <button type="button" className="icon-button" aria-label="Delete memory" onClick={() => setConfirming(true)}>
            <Icon name="trash" />
          </button>
        </div>
      )}
    </li>
  );
}
