import { useEffect, useRef } from 'react';
import { hrefFor } from '../hooks/use-hash-route';
import { DialogHeader } from './dialog-header';

/** The passage a citation or search hit points to. */
export interface Passage {
  fileId: string;
  fileName: string;
  page?: number;
  section?: string;
  text: string;
  score?: number;
}

/** A modal (native <dialog>: focus trapped, Escape closes) showing a cited passage with its file and page. */
export function PassageDialog({ passage, onClose }: { passage: Passage; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    // No close() on cleanup: it would fire `close` (and onClose) when React re-runs effects in dev.
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="dialog passage-dialog" aria-labelledby="passage-title" onClose={onClose}>
      <DialogHeader titleId="passage-title" title={passage.fileName} onClose={onClose}>
        {passage.page !== undefined ? `Page ${passage.page}` : 'No page number'}
        {passage.section ? ` · ${passage.section}` : ''}
        {passage.score !== undefined ? ` · relevance ${passage.score.toFixed(2)}` : ''}
      </DialogHeader>
      <div className="dialog-body">
        <blockquote className="passage-text">{passage.text}</blockquote>
      </div>
      <div className="dialog-footer">
        <a className="button" href={hrefFor('files', { file: passage.fileId })} onClick={onClose}>
          Show file
        </a>
        <button type="button" className="button button-primary" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}
