import type { ReactNode } from 'react';
import { Icon } from './icon';

/** A dialog's title (with the id its `aria-labelledby` names), a line under it, and the close button. */
export function DialogHeader({
  titleId,
  title,
  children,
  onClose,
}: {
  titleId: string;
  title: ReactNode;
  children?: ReactNode;
  onClose: () => void;
}) {
  return (
    <div className="dialog-header">
      <div>
        <h2 id={titleId}>{title}</h2>
        <p className="muted small">{children}</p>
      </div>
      <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
        <Icon name="close" />
      </button>
    </div>
  );
}
