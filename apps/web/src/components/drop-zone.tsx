import { useRef, useState, type DragEvent } from 'react';
import { Icon } from './icon';

/** Drag and drop, or a real file picker, for several files at once. */
export function DropZone({ onFiles, accept }: { onFiles: (files: File[]) => void; accept?: string }) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const files = [...event.dataTransfer.files];
    if (files.length > 0) onFiles(files);
  };
  return (
    <div
      className={`drop-zone${over ? ' is-over' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <div className="drop-icon">
        <Icon name="upload" size={24} />
      </div>
      <div>
        <strong>Drop files here</strong>
        <p className="muted">PDF, Word, PowerPoint, Excel, OpenDocument, HTML, Markdown, text, CSV and images.</p>
      </div>
      <label className="button button-primary">
        <Icon name="plus" size={16} />
        Choose files
        <input
          ref={input}
          className="visually-hidden"
          type="file"
          multiple
          accept={accept}
          aria-label="Choose files to upload"
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            if (files.length > 0) onFiles(files);
            if (input.current) input.current.value = '';
          }}
        />
      </label>
    </div>
  );
}
