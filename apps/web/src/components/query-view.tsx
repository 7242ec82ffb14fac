import type { ReactNode } from 'react';
import { ErrorNotice } from './error-notice';
import { Spinner } from './spinner';

/** What QueryView needs of a react-query result. */
interface QueryLike<T> {
  isError: boolean;
  error: unknown;
  data: T | undefined;
  refetch: () => unknown;
}

/**
 * The states every query-backed view goes through, in one place: failed (with a retry), loading,
 * empty, or the data. `padded` wraps the error and the spinner in a card body.
 */
export function QueryView<T>({
  query,
  errorTitle,
  loadingLabel,
  isEmpty,
  empty,
  padded = false,
  children,
}: {
  query: QueryLike<T>;
  errorTitle: string;
  loadingLabel: string;
  isEmpty: (data: T) => boolean;
  empty: ReactNode;
  padded?: boolean;
  children: (data: T) => ReactNode;
}) {
  const pad = (node: ReactNode) => (padded ? <div className="card-body">{node}</div> : node);
  if (query.isError)
    return pad(<ErrorNotice error={query.error} onRetry={() => void query.refetch()} title={errorTitle} />);
  if (query.data === undefined) return pad(<Spinner label={loadingLabel} />);
  return isEmpty(query.data) ? empty : children(query.data);
}
