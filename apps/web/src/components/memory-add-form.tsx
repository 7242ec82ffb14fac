import { MemoryAddInputSchema, MemoryTypeSchema, type MemoryType } from '@studio/shared';
import { useState, type FormEvent } from 'react';
import { useToast } from '../hooks/use-toast';
import { fieldErrorsOf, messageOf } from '../lib/errors';
import { humanize } from '../lib/format';
import { trpc } from '../trpc';

/** Adds a memory by hand: a fact, something about the user, or a note from a conversation. */
export function MemoryAddForm({ onAdded, onCancel }: { onAdded: () => void; onCancel: () => void }) {
  const [type, setType] = useState<MemoryType>('fact');
  const [content, setContent] = useState('');
  const [error, setError] = useState<string>();
  const toast = useToast();
  const add = trpc.memory.add.useMutation({
    onSuccess: () => {
      setContent('');
      onAdded();
      toast.show('success', 'Memory added');
    },
    onError: (failure) => setError(fieldErrorsOf(failure).content ?? messageOf(failure)),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = MemoryAddInputSchema.safeParse({ type, content });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    add.mutate(parsed.data);
  };
  return (
    <form className="card card-body stack" onSubmit={submit} aria-label="Add a memory">
      <div className="add-grid">
        <div className="field">
          <label htmlFor="memory-type">Type</label>
          <select
            id="memory-type"
            className="select"
            value={type}
            onChange={(event) => setType(MemoryTypeSchema.parse(event.target.value))}
          >
            {MemoryTypeSchema.options.map((option) => (
              <option key={option} value={option}>
                {humanize(option)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="memory-content">Memory</label>
          <textarea
            id="memory-content"
            className="textarea"
            value={content}
            onChange={(event) => setContent(event.target.value)}
            placeholder="e.g. Prefers answers in bullet points"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'memory-content-error' : undefined}
            autoFocus
          />
          {error ? (
            <p className="field-error" id="memory-content-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
      </div>
      <div className="row" style={{ justifyContent: 'flex-end' }}>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add memory'}
        </button>
      </div>
    </form>
  );
}
