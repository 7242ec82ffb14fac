import type { FileRecord } from '@studio/shared';
import { formatBytes, formatRelative, humanize } from '../lib/format';
import { Icon } from './icon';
import { ProgressBar } from './progress-bar';

const STATUS_BADGE = {
  pending: 'badge',
  processing: 'badge badge-accent',
  completed: 'badge badge-ok',
  failed: 'badge badge-danger',
} as const;

const STATUS_LABEL = { pending: 'Queued', processing: 'Processing', completed: 'Ready', failed: 'Failed' } as const;

interface FileRowProps {
  file: FileRecord;
  message?: string;
  highlighted?: boolean;
  deleting: boolean;
  onDelete: () => void;
}

/** One file: its progress through ingestion, why it failed, and a delete button. */
export function FileRow({ file, message, highlighted, deleting, onDelete }: FileRowProps) {
  const stage = file.stage ?? (file.status === 'completed' ? 'done' : file.status === 'failed' ? 'failed' : 'queued');
  const tone = file.status === 'completed' ? 'done' : file.status === 'failed' ? 'failed' : 'active';
  return (
    <li className={`file-row${highlighted ? ' is-highlighted' : ''}`} data-file-id={file.fileId} aria-label={file.name}>
      <div className="file-icon" aria-hidden="true">
        <Icon name="doc" />
      </div>
      <div className="grow stack-tight">
        <div className="row">
          <strong className="truncate grow" title={file.name}>
            {file.name}
          </strong>
          <span className={STATUS_BADGE[file.status]}>{STATUS_LABEL[file.status]}</span>
        </div>
        <div className="row">
          <ProgressBar value={file.progress} label={`${file.name} progress`} tone={tone} />
          <span className="muted small file-stage" data-stage={stage}>
            {humanize(stage)} · {Math.round(file.progress)}%
          </span>
        </div>
        {file.status === 'failed' && file.error ? (
          <p className="field-error" role="alert">
            <Icon name="alert" size={14} />
            {file.error.message}
          </p>
        ) : null}
        <p className="muted small">
          {formatBytes(file.size)} · {file.mimeType} · added {formatRelative(file.createdAt)}
          {message && file.status === 'processing' ? ` · ${message}` : ''}
        </p>
      </div>
      <button
        type="button"
        className="icon-button"
        aria-label={`Delete ${file.name}`}
        onClick={onDelete}
        disabled={deleting}
      >
        <Icon name="trash" />
      </button>
    </li>
  );
}
