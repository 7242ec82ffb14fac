import type { Attachment } from '../hooks/use-attachments';
import { humanize } from '../lib/format';
import { Icon } from './icon';
import { ProgressBar } from './progress-bar';

function stateText(item: Attachment): string {
  if (item.state === 'uploading') return `Uploading · ${item.progress}%`;
  if (item.state === 'processing') return `${humanize(item.stage ?? 'queued')} · ${Math.round(item.progress)}%`;
  if (item.state === 'ready') return 'Ready · the next question asks about it';
  return item.error ?? 'Failed';
}

/** Files attached to the next question, each with its live progress and a remove button. */
export function ComposerAttachments({ items, onRemove }: { items: Attachment[]; onRemove: (key: string) => void }) {
  if (items.length === 0) return null;
  return (
    <ul className="attachments" aria-label="Attached files">
      {items.map((item) => (
        <li key={item.key} className="attachment" data-state={item.state} aria-label={item.name}>
          <Icon name="doc" size={16} />
          <div className="grow stack-tight">
            <strong className="truncate small">{item.name}</strong>
            {item.state === 'uploading' || item.state === 'processing' ? (
              <ProgressBar value={item.progress} label={`${item.name} progress`} />
            ) : null}
            <span className={`small ${item.state === 'failed' ? 'field-error' : 'muted'}`}>{stateText(item)}</span>
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${item.name}`}
            onClick={() => onRemove(item.key)}
          >
            <Icon name="close" size={14} />
          </button>
        </li>
      ))}
    </ul>
  );
}
