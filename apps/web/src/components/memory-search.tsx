import { MemorySearchInputSchema, type MemoryType } from '@studio/shared';
import { useState } from 'react';
import { trpc } from '../trpc';
import { EmptyState } from './empty-state';
import { ErrorNotice } from './error-notice';
import { SearchBox } from './search-box';
import { Spinner } from './spinner';

/** Finds memories by meaning (the same recall chat uses), within the chosen type. */
export function MemorySearch({ type }: { type?: MemoryType }) {
  const [query, setQuery] = useState<string>();
  const search = trpc.memory.search.useQuery({ query: query ?? '', type, k: 10 }, { enabled: query !== undefined });
  return (
    <div className="stack">
      <SearchBox
        id="memory-search"
        label="Search memories"
        placeholder="Search memories by meaning…"
        schema={MemorySearchInputSchema.shape.query}
        onSearch={setQuery}
      />
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
