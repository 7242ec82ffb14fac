import { FilesSearchInputSchema } from '@studio/shared';
import { useState } from 'react';
import { trpc } from '../trpc';
import { EmptyState } from './empty-state';
import { SearchBox } from './search-box';
import { PassageDialog } from './passage-dialog';
import type { ViewedSource } from './source-viewer';
import { QueryView } from './query-view';

/** Hybrid search over every indexed file; each hit names its file and page and opens the passage. */
export function FileSearch() {
  const [query, setQuery] = useState<string>();
  const [open, setOpen] = useState<ViewedSource>();
  const search = trpc.files.search.useQuery({ query: query ?? '', k: 10 }, { enabled: query !== undefined });

  return (
    <section className="card" aria-labelledby="search-title">
      <div className="card-header">
        <h2 id="search-title">Search your files</h2>
      </div>
      <div className="card-body stack">
        <SearchBox
          id="file-search"
          label="Search files"
          placeholder="Ask for a phrase, a name, a number…"
          schema={FilesSearchInputSchema.shape.query}
          onSearch={setQuery}
        />
        {query === undefined ? null : (
          <QueryView
            query={search}
            errorTitle="Search failed"
            loadingLabel="Searching…"
            isEmpty={(data) => data.hits.length === 0}
            empty={
              <EmptyState icon="search" title="No passages found">
                Try other words, or check that your files finished processing.
              </EmptyState>
            }
          >
            {(data) => (
              <ol className="list hits" aria-label="Search results">
                {data.hits.map((hit, index) => (
                  <li key={hit.chunkId}>
                    <button
                      type="button"
                      className="hit"
                      onClick={() => setOpen({ ...hit, rankLabel: `result ${index + 1} of ${data.hits.length}` })}
                    >
                      <span className="row">
                        <strong className="truncate">{hit.fileName}</strong>
                        {hit.page !== undefined ? <span className="badge">page {hit.page}</span> : null}
                        {hit.section ? <span className="badge truncate">{hit.section}</span> : null}
                        <span className="muted small hit-score" title="Rank by hybrid (keyword and semantic) search">
                          #{index + 1}
                        </span>
                      </span>
                      <span className="hit-text">{hit.text}</span>
                    </button>
                  </li>
                ))}
              </ol>
            )}
          </QueryView>
        )}
      </div>
      {open ? <PassageDialog passage={open} onClose={() => setOpen(undefined)} /> : null}
    </section>
  );
}
