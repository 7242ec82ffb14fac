import type { MemoryClearInput, MemoryType } from '@studio/shared';
import { useEffect, useRef, useState } from 'react';
import { useToast } from '../hooks/use-toast';
import { messageOf } from '../lib/errors';
import { trpc } from '../trpc';
import { DialogHeader } from './dialog-header';
import { Spinner } from './spinner';

type Mode = 'retention' | 'older' | 'all';
const PREVIEW_ROWS = 6;

/**
 * Clearing memories, previewed first: every change of the options asks the server what would go
 * (`memory.clear` with `dryRun`), and only the confirm button deletes.
 */
export function MemoryClearDialog({
  type,
  onClose,
  onCleared,
}: {
  type?: MemoryType;
  onClose: () => void;
  onCleared: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [mode, setMode] = useState<Mode>('retention');
  const [days, setDays] = useState('30');
  const toast = useToast();
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const input: MemoryClearInput | undefined =
    mode === 'retention'
      ? { type, applyRetention: true }
      : mode === 'older'
        ? Number.isFinite(Number(days)) && Number(days) >= 0 && days.trim() !== ''
          ? { type, olderThanDays: Number(days) }
          : undefined
        : { type };

  const preview = trpc.memory.clear.useMutation();
  const previewMutate = preview.mutate;
  const inputKey = JSON.stringify(input ?? null);
  useEffect(() => {
    if (inputKey !== 'null') previewMutate({ ...(JSON.parse(inputKey) as MemoryClearInput), dryRun: true });
  }, [inputKey, previewMutate]);
  const ids = preview.data?.ids ?? [];
  const samples = trpc.useQueries((t) => ids.slice(0, PREVIEW_ROWS).map((id) => t.memory.get({ id })));

  const clear = trpc.memory.clear.useMutation({
    onSuccess: (result) => {
      toast.show('success', `${result.deleted} ${result.deleted === 1 ? 'memory' : 'memories'} removed`);
      onCleared();
      onClose();
    },
    onError: (error) => toast.show('error', 'Could not clear memories', messageOf(error)),
  });
  const count = preview.data?.deleted ?? 0;
  const scope = type ? `${type} memories` : 'all memories';

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="clear-title" onClose={onClose}>
      <DialogHeader titleId="clear-title" title={`Clear ${scope}`} onClose={onClose}>
        Nothing is removed until you confirm below.
      </DialogHeader>
      <div className="dialog-body">
        <fieldset className="radio-group">
          <legend className="label">What to remove</legend>
          <label className="checkbox">
            <input
              type="radio"
              name="clear-mode"
              checked={mode === 'retention'}
              onChange={() => setMode('retention')}
            />
            What the retention policy would remove (age limits and per-type caps from Configuration → Memory)
          </label>
          <label className="checkbox">
            <input type="radio" name="clear-mode" checked={mode === 'older'} onChange={() => setMode('older')} />
            Older than
            <input
              className="input input-inline"
              type="number"
              min={0}
              aria-label="Days"
              value={days}
              onChange={(event) => {
                setDays(event.target.value);
                setMode('older');
              }}
            />
            days
          </label>
          <label className="checkbox">
            <input type="radio" name="clear-mode" checked={mode === 'all'} onChange={() => setMode('all')} />
            Everything in {scope}
          </label>
        </fieldset>
        <div className="preview" aria-live="polite" aria-busy={preview.isPending}>
          {preview.isPending ? (
            <Spinner label="Checking what would be removed…" />
          ) : preview.isError ? (
            <p className="field-error">{messageOf(preview.error)}</p>
          ) : input === undefined ? (
            <p className="field-error">Enter a number of days.</p>
          ) : (
            <>
              <p data-testid="clear-preview">
                <strong>
                  {count === 0
                    ? 'Nothing would be removed.'
                    : `${count} ${count === 1 ? 'memory' : 'memories'} would be removed`}
                </strong>
              </p>
              {ids.length > 0 ? (
                <ul className="preview-list">
                  {samples.map((sample, index) => (
                    <li key={ids[index]}>{sample.data?.content ?? '…'}</li>
                  ))}
                  {ids.length > PREVIEW_ROWS ? <li className="muted">and {ids.length - PREVIEW_ROWS} more</li> : null}
                </ul>
              ) : null}
            </>
          )}
        </div>
      </div>
      <div className="dialog-footer">
        <button type="button" className="button" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button
          type="button"
          className="button button-danger"
          disabled={!input || count === 0 || preview.isPending || clear.isPending}
          onClick={() => input && clear.mutate(input)}
        >
          {clear.isPending ? 'Removing…' : count > 0 ? `Remove ${count}` : 'Remove'}
        </button>
      </div>
    </dialog>
  );
}
