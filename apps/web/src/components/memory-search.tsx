import { MemorySearchInputSchema, type MemoryType } from '@studio/shared';
import { useState } from 'react';
import { trpc } from '../trpc';
import { EmptyState } from './empty-state';
import { SearchBox } from './search-box';
import { QueryView } from './query-view';

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
      {query === undefined ? null : (
        <QueryView
          query={search}
          errorTitle="Search failed"
          loadingLabel="Searching…"
          isEmpty={(data) => data.hits.length === 0}
          empty={
            <div className="card">
              <EmptyState icon="search" title="No matching memories" />
            </div>
          }
        >
          {(data) => (
            <ol className="card list" aria-label="Matching memories">
              {data.hits.map((hit) => (
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
        </QueryView>
      )}
    </div>
  );
}
