import { messageOf } from '../lib/errors';
import { Icon } from './icon';

/** An inline error with an optional retry, in words a user can act on. */
export function ErrorNotice({
  error,
  onRetry,
  title = 'Something went wrong',
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <div className="notice notice-error" role="alert">
      <Icon name="alert" />
      <div>
        <strong>{title}</strong>
        <p>{messageOf(error)}</p>
      </div>
      {onRetry ? (
        <button type="button" className="button button-ghost" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
