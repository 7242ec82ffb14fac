import { trpc } from '../trpc';

/** Chooses which ready files a question may draw on; none chosen means all of them. */
export function FileScopePicker({ selected, onChange }: { selected: string[]; onChange: (fileIds: string[]) => void }) {
  const files = trpc.files.list.useQuery({ status: 'completed', limit: 200 });
  const items = files.data?.items ?? [];
  if (items.length === 0) return null;
  const toggle = (fileId: string) =>
    onChange(selected.includes(fileId) ? selected.filter((id) => id !== fileId) : [...selected, fileId]);
  return (
    <div className="scope" role="group" aria-label="Files to ask about">
      <span className="muted small">Ask about</span>
      <button type="button" className="chip" aria-pressed={selected.length === 0} onClick={() => onChange([])}>
        All files
      </button>
      {items.map((file) => (
        <button
          key={file.fileId}
          type="button"
          className="chip"
          aria-pressed={selected.includes(file.fileId)}
          onClick={() => toggle(file.fileId)}
        >
          {file.name}
        </button>
      ))}
    </div>
  );
}
