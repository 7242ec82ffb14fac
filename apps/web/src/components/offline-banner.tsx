import { hrefFor } from '../hooks/use-hash-route';
import { Icon } from './icon';

/**
 * Says plainly why answers come without a language model: none is configured (a mode), or the one
 * configured is not answering (a fault, with the provider's reason), and what to do about it.
 */
export function OfflineBanner({ reason, detail }: { reason: 'not-configured' | 'down'; detail?: string }) {
  return (
    <div className="notice notice-warn offline-banner" role="status" data-reason={reason}>
      <Icon name="alert" />
      <div>
        {reason === 'down' ? (
          <>
            <strong>The language model is not answering</strong>
            <p className="muted">
              Answers fall back to passages quoted from your files and memories, with their sources.
              {detail ? ` (${detail})` : ''} Check the model in{' '}
              <a href={hrefFor('config', { section: 'llm' })}>Configuration → Model</a>.
            </p>
          </>
        ) : (
          <>
            <strong>Offline mode — no language model is configured</strong>
            <p className="muted">
              Answers are passages quoted from your files and memories, with their sources. Set a model in{' '}
              <a href={hrefFor('config', { section: 'llm' })}>Configuration → Model</a> for written answers and
              multi-step plans; it applies at once.
            </p>
          </>
        )}
      </div>
    </div>
  );
}
