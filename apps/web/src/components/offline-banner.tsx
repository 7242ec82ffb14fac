import { Icon } from './icon';

/** Says plainly that answers come without a language model, and what that means. */
export function OfflineBanner() {
  return (
    <div className="notice notice-warn offline-banner" role="status">
      <Icon name="alert" />
      <div>
        <strong>Offline mode — no language model is configured</strong>
        <p className="muted">
          Answers are passages quoted from your files and memories, with their sources. Set LLM_BASE_URL (and a key) and
          restart the server for written answers and multi-step plans.
        </p>
      </div>
    </div>
  );
}
