import { useEffect, useRef } from 'react';
import { SourceViewer, type ViewedSource } from './source-viewer';

/** A modal (native <dialog>: focus trapped, Escape closes) showing a found passage at its place in the file. */
export function PassageDialog({ passage, onClose }: { passage: ViewedSource; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    // No close() on cleanup: it would fire `close` (and onClose) when React re-runs effects in dev.
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="dialog passage-dialog" aria-labelledby="passage-title" onClose={onClose}>
      <SourceViewer source={passage} titleId="passage-title" onClose={onClose} />
    </dialog>
  );
}
