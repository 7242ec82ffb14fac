import { useCallback } from 'react';
import { DropZone } from '../components/drop-zone';
import { EmptyState } from '../components/empty-state';
import { FileRow } from '../components/file-row';
import { FileSearch } from '../components/file-search';
import { ProgressBar } from '../components/progress-bar';
import { ScreenHeader } from '../components/screen-header';
import { useFileProgress } from '../hooks/use-file-progress';
import { useToast } from '../hooks/use-toast';
import { useUploads } from '../hooks/use-uploads';
import { messageOf } from '../lib/errors';
import { downloadFile } from '../lib/file-content';
import { formatBytes } from '../lib/format';
import { trpc } from '../trpc';
import { QueryView } from '../components/query-view';

/** Upload files, follow their ingestion live, remove them, and search what they say. */
export function FilesScreen({ highlight }: { highlight?: string }) {
  const utils = trpc.useUtils();
  const toast = useToast();
  const refresh = useCallback(() => void utils.files.list.invalidate(), [utils]);
  const files = trpc.files.list.useInfiniteQuery(
    { limit: 50 },
    {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      // Events drive the bars; a slow poll while work is open covers events missed during a reconnect.
      refetchInterval: (query) =>
        query.state.data?.pages.some((page) =>
          page.items.some((item) => item.status === 'pending' || item.status === 'processing'),
        )
          ? 5000
          : false,
    },
  );
  const progress = useFileProgress(
    useCallback(
      (event) => {
        refresh();
        if (event.status === 'failed') toast.show('error', 'A file could not be processed', event.error?.message);
      },
      [refresh, toast],
    ),
  );
  const { pending, upload } = useUploads(refresh);
  const remove = trpc.files.delete.useMutation({
    onSuccess: () => {
      refresh();
      toast.show('success', 'File deleted', 'Its passages are gone from search too.');
    },
    onError: (error) => toast.show('error', 'Could not delete the file', messageOf(error)),
  });
  const items = files.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="screen" aria-labelledby="screen-title">
      <ScreenHeader title="Files" subtitle="Everything you add here can be cited in chat, with its file and page." />
      <DropZone onFiles={upload} />
      <section className="card" aria-labelledby="files-title">
        <div className="card-header">
          <h2 id="files-title">Your files</h2>
          <span className="muted small">
            {items.length > 0 ? `${items.length}${files.hasNextPage ? '+' : ''} files` : ''}
          </span>
        </div>
        <QueryView
          query={files}
          errorTitle="Could not load your files"
          loadingLabel="Loading files…"
          isEmpty={() => items.length === 0 && pending.length === 0}
          padded
          empty={
            <EmptyState icon="files" title="No files yet">
              Drop documents above. They are read, split into passages and indexed on this machine.
            </EmptyState>
          }
        >
          {() => (
            <ul className="list files-list" aria-label="Files">
              {pending.map((item) => (
                <li key={item.key} className="file-row is-uploading" aria-label={item.name}>
                  <div className="grow stack-tight">
                    <strong className="truncate">{item.name}</strong>
                    <ProgressBar value={item.percent} label={`${item.name} upload`} />
                    <p className="muted small">
                      Uploading · {item.percent}% of {formatBytes(item.size)}
                    </p>
                  </div>
                </li>
              ))}
              {items.map((file) => (
                <FileRow
                  key={file.fileId}
                  file={progress.merge(file)}
                  message={progress.messageOf(file.fileId)}
                  highlighted={file.fileId === highlight}
                  deleting={remove.isPending && remove.variables.fileId === file.fileId}
                  onDelete={() => remove.mutate({ fileId: file.fileId })}
                  onDownload={() =>
                    void downloadFile(file.fileId, file.name).catch((error: unknown) =>
                      toast.show('error', `Could not download ${file.name}`, messageOf(error)),
                    )
                  }
                />
              ))}
            </ul>
          )}
        </QueryView>
        {files.hasNextPage ? (
          <div className="card-body">
            <button
              type="button"
              className="button"
              onClick={() => void files.fetchNextPage()}
              disabled={files.isFetchingNextPage}
            >
              {files.isFetchingNextPage ? 'Loading…' : 'Show more'}
            </button>
          </div>
        ) : null}
      </section>
      <FileSearch />
    </section>
  );
}
