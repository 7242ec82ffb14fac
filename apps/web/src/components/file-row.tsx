import type { FileRecord } from '@studio/shared';
import { useState } from 'react';
import { currentStep } from '../lib/file-stages';
import { friendlyType, pageCountLabel } from '../lib/file-types';
import { formatBytes, formatRelative } from '../lib/format';
import { Icon } from './icon';
import { StageProgress } from './stage-progress';

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
  onDownload: () => void;
}

/** One file: what it is, its live step through ingestion, why it failed; download, and delete after a confirmation. */
export function FileRow({ file, message, highlighted, deleting, onDelete, onDownload }: FileRowProps) {
  const [confirming, setConfirming] = useState(false);
  const step = currentStep(file);
  const stage = step?.stage ?? (file.status === 'failed' ? 'failed' : 'done');
  const details = [
    friendlyType(file.mimeType, file.name),
    file.pageCount !== undefined ? pageCountLabel(file.mimeType, file.pageCount) : undefined,
    file.status === 'completed' && file.chunkCount !== undefined
      ? `${file.chunkCount} passage${file.chunkCount === 1 ? '' : 's'}`
      : undefined,
    formatBytes(file.size),
  ].filter(Boolean);
  return (
    <li
      className={`file-row${highlighted ? ' is-highlighted' : ''}`}
      data-file-id={file.fileId}
      aria-label={file.name}
      ref={highlighted ? (element) => element?.scrollIntoView({ block: 'center' }) : undefined}
    >
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
        <p className="muted small file-details">
          {details.map((detail) => (
            <span key={detail}>{detail}</span>
          ))}
          <span title={new Date(file.createdAt).toLocaleString()}>uploaded {formatRelative(file.createdAt)}</span>
        </p>
        <span className="visually-hidden" data-stage={stage} />
        {step ? <StageProgress name={file.name} step={step} message={message} /> : null}
        {file.status === 'failed' && file.error ? (
          <p className="field-error" role="alert">
            <Icon name="alert" size={14} />
            {file.error.message}
          </p>
        ) : null}
        {confirming ? (
          <div className="file-confirm" role="group" aria-label={`Delete ${file.name}?`}>
            <span className="small">
              Delete {file.name}? Its passages leave search and past citations stop opening.
            </span>
            <button type="button" className="button button-danger" onClick={onDelete} disabled={deleting}>
              {deleting ? 'Deleting…' : 'Delete'}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)} autoFocus>
              Cancel
            </button>
          </div>
        ) : null}
      </div>
      <div className="file-actions">
        <button type="button" className="icon-button" aria-label={`Download ${file.name}`} onClick={onDownload}>
          <Icon name="download" />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={`Delete ${file.name}`}
          aria-expanded={confirming}
          onClick={() => setConfirming(true)}
          disabled={deleting}
        >
          <Icon name="trash" />
        </button>
      </div>
    </li>
  );
}
