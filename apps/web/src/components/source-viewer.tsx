import { lazy, Suspense } from 'react';
import { hrefFor } from '../hooks/use-hash-route';
import { placeLabel } from '../lib/stitch-passage';
import { trpc } from '../trpc';
import { ErrorNotice } from './error-notice';
import { Icon } from './icon';
import { PassageContext } from './passage-context';
import { Spinner } from './spinner';

// pdf.js is large: it loads the first time a PDF page is opened, not with the app.
const PdfPageView = lazy(() => import('./pdf-page-view'));

/** A cited or found passage: where it is, and why it was listed (its rank, not a bare score). */
export interface ViewedSource {
  fileId: string;
  fileName: string;
  chunkId: string;
  page?: number;
  section?: string;
  /** The passage as listed (clipped); the full chunk is fetched. */
  text: string;
  /** "[2] in the answer" or "result 3 of the search". */
  rankLabel?: string;
}

const PAGE_WIDTH = 520;

/** Shows a source at its place: a PDF's real page with the passage marked, other files' text around it. */
export function SourceViewer({
  source,
  onClose,
  titleId,
}: {
  source: ViewedSource;
  onClose: () => void;
  titleId: string;
}) {
  const passage = trpc.files.passage.useQuery({ chunkId: source.chunkId }, { retry: 1 });
  const data = passage.data;
  const isPdf = data ? data.mimeType === 'application/pdf' : /\.pdf$/i.test(source.fileName);
  const place = data
    ? placeLabel(data.mimeType, data.chunk)
    : source.page !== undefined
      ? `Page ${source.page}`
      : source.section;
  return (
    <div className="source-viewer" data-chunk-id={source.chunkId}>
      <header className="source-viewer-header">
        <div className="grow stack-tight">
          <h2 id={titleId} className="truncate" title={source.fileName}>
            {source.fileName}
          </h2>
          <p className="muted small">{[place, source.rankLabel].filter(Boolean).join(' · ')}</p>
        </div>
        <button type="button" className="icon-button" aria-label="Close source" onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      <div className="source-viewer-body">
        {passage.isError ? (
          <ErrorNotice
            error={passage.error}
            title="Could not open this passage"
            onRetry={() => void passage.refetch()}
          />
        ) : !data ? (
          <Spinner label="Opening the passage…" />
        ) : isPdf && data.chunk.page !== undefined ? (
          <>
            <Suspense fallback={<Spinner label="Loading the PDF viewer…" />}>
              <PdfPageView
                fileId={data.fileId}
                pageNumber={data.chunk.page}
                passage={data.chunk.text}
                width={PAGE_WIDTH}
              />
            </Suspense>
            <h3 className="small muted">Cited passage</h3>
            <blockquote className="passage-text">{data.chunk.text}</blockquote>
          </>
        ) : (
          <PassageContext passage={data} />
        )}
      </div>
      <footer className="source-viewer-footer">
        <a className="button" href={hrefFor('files', { file: source.fileId })}>
          Show in Files
        </a>
      </footer>
    </div>
  );
}
