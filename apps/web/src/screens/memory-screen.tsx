import { MemoryTypeSchema } from '@studio/shared';
import { useState } from 'react';
import { EmptyState } from '../components/empty-state';
import { Icon } from '../components/icon';
import { MemoryAddForm } from '../components/memory-add-form';
import { MemoryClearDialog } from '../components/memory-clear-dialog';
import { MemoryGroups } from '../components/memory-groups';
import { MemorySearch } from '../components/memory-search';
import { ScreenHeader } from '../components/screen-header';
import { hrefFor } from '../hooks/use-hash-route';
import { trpc } from '../trpc';
import { QueryView } from '../components/query-view';

const PAGE_SIZE = 20;
const TAB_LABELS = { profile: 'Profile', fact: 'Facts', conversation: 'Conversations' } as const;

/** Long-term memory: browse by type a page at a time, edit or delete in place, add, and clear with a preview. */
export function MemoryScreen({ type: requested }: { type?: string }) {
  const type = MemoryTypeSchema.options.find((option) => option === requested);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [adding, setAdding] = useState(false);
  const [clearing, setClearing] = useState(false);
  const utils = trpc.useUtils();
  const cursor = cursors.at(-1);
  const list = trpc.memory.list.useQuery(
    { type, limit: PAGE_SIZE, cursor },
    { placeholderData: (previous) => previous },
  );
  const refresh = () => void utils.memory.invalidate();
  const [pageType, setPageType] = useState(type);
  if (pageType !== type) {
    // A new filter starts again at its first page.
    setPageType(type);
    setCursors([undefined]);
  }
  const page = cursors.length;
  const first = (page - 1) * PAGE_SIZE + 1;
  const items = list.data?.items ?? [];

  return (
    <section className="screen" aria-labelledby="screen-title">
      <ScreenHeader title="Memory" subtitle="What the studio remembers about you and your work, across conversations.">
        <button type="button" className="button" onClick={() => setClearing(true)}>
          <Icon name="trash" size={16} />
          Clear…
        </button>
        <button type="button" className="button button-primary" onClick={() => setAdding(true)} disabled={adding}>
          <Icon name="plus" size={16} />
          Add memory
        </button>
      </ScreenHeader>
      {adding ? (
        <MemoryAddForm
          onAdded={() => {
            setAdding(false);
            refresh();
          }}
          onCancel={() => setAdding(false)}
        />
      ) : null}
      <nav className="tabs" aria-label="Memory type">
        {[undefined, ...MemoryTypeSchema.options].map((option) => (
          <a
            key={option ?? 'all'}
            className="tab"
            aria-current={option === type ? 'page' : undefined}
            href={hrefFor('memory', { type: option })}
          >
            {option ? TAB_LABELS[option] : 'All'}
          </a>
        ))}
      </nav>
      <MemorySearch type={type} />
      <section className="card" aria-label="Memories">
        <QueryView
          query={list}
          errorTitle="Could not load memories"
          loadingLabel="Loading memories…"
          isEmpty={() => items.length === 0}
          padded
          empty={
            <EmptyState icon="memory" title={type ? `No ${type} memories` : 'Nothing remembered yet'}>
              Memories are saved from your conversations as you chat, or you can add one yourself.
            </EmptyState>
          }
        >
          {() => <MemoryGroups items={items} onChanged={refresh} />}
        </QueryView>
        {list.data && list.data.total > 0 ? (
          <nav className="pager" aria-label="Pages">
            <span className="muted small">
              {first}–{first + items.length - 1} of {list.data.total}
            </span>
            <div className="row">
              <button
                type="button"
                className="button button-small"
                disabled={page === 1}
                onClick={() => setCursors((stack) => stack.slice(0, -1))}
              >
                Previous
              </button>
              <button
                type="button"
                className="button button-small"
                disabled={!list.data.nextCursor || list.isPlaceholderData}
                onClick={() => setCursors((stack) => [...stack, list.data?.nextCursor ?? undefined])}
              >
                Next
              </button>
            </div>
          </nav>
        ) : null}
      </section>
      {clearing ? <MemoryClearDialog type={type} onClose={() => setClearing(false)} onCleared={refresh} /> : null}
    </section>
  );
}
