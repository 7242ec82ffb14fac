import { MemorySearchInputSchema, type MemoryType } from '@studio/shared';
import { useState, type FormEvent } from 'react';
import { trpc } from '../trpc';
import { EmptyState } from './empty-state';
import { ErrorNotice } from './error-notice';
import { Icon } from './icon';
import { Spinner } from './spinner';

/** Finds memories by meaning (the same recall chat uses), within the chosen type. */
export function MemorySearch({ type }: { type?: MemoryType }) {
  const [text, setText] = useState('');
  const [query, setQuery] = useState<string>();
  const [error, setError] = useState<string>();
  const search = trpc.memory.search.useQuery({ query: query ?? '', type, k: 10 }, { enabled: query !== undefined });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') {
      setQuery(undefined);
      setError(undefined);
      return;
    }
    const parsed = MemorySearchInputSchema.shape.query.safeParse(text);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    setQuery(parsed.data);
  };
  return (
    <div className="stack">
      <form className="row" role="search" onSubmit={submit}>
        <label htmlFor="memory-search" className="visually-hidden">
          Search memories
        </label>
        <input
          id="memory-search"
          className="input"
          type="search"
          placeholder="Search memories by meaning…"
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-invalid={error ? true : undefined}
        />
        <button type="submit" className="button">
          <Icon name="search" size={16} />
          Search
        </button>
      </form>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {query === undefined ? null : search.isError ? (
        <ErrorNotice error={search.error} onRetry={() => void search.refetch()} title="Search failed" />
      ) : !search.data ? (
        <Spinner label="Searching…" />
      ) : search.data.hits.length === 0 ? (
        <div className="card">
          <EmptyState icon="search" title="No matching memories" />
        </div>
      ) : (
        <ol className="card list" aria-label="Matching memories">
          {search.data.hits.map((hit) => (
            <li key={hit.id} className="memory-row">
              <div className="grow stack-tight">
                <span className="muted small">
                  {hit.type} · similarity {hit.score.toFixed(2)}
                </span>
                <p className="memory-content">{hit.content}</p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
