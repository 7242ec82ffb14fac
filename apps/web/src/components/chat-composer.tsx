import { ChatSendInputSchema } from '@studio/shared';
import { useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useAttachments } from '../hooks/use-attachments';
import { ComposerAttachments } from './composer-attachments';
import { FileScopePicker } from './file-scope-picker';
import { Icon } from './icon';

interface Props {
  streaming: boolean;
  onSend: (message: string, fileIds: string[]) => void;
  onStop: () => void;
}

const hasFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/**
 * The question box: Enter sends, Shift+Enter adds a line; Stop ends a running answer. Files attached
 * (the button, or dropped on the box) are uploaded at once and the next question asks about them.
 */
export function ChatComposer({ streaming, onSend, onStop }: Props) {
  const [text, setText] = useState('');
  const [fileIds, setFileIds] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const [dragging, setDragging] = useState(false);
  const attachments = useAttachments();
  const picker = useRef<HTMLInputElement>(null);
  const attachedIds = attachments.items.flatMap((item) =>
    item.fileId && item.state !== 'failed' ? [item.fileId] : [],
  );
  const reading = attachments.items.filter((item) => item.state === 'uploading' || item.state === 'processing');

  const send = () => {
    const parsed = ChatSendInputSchema.shape.message.safeParse(text);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    if (reading.length > 0) return;
    setError(undefined);
    onSend(parsed.data, [...new Set([...fileIds, ...attachedIds])]);
    setText('');
    attachments.clear();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!streaming) send();
  };
  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      if (!streaming) send();
    }
  };

  return (
    <form
      className={`composer${dragging ? ' is-dragging' : ''}`}
      onSubmit={submit}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setDragging(false);
        attachments.attach([...event.dataTransfer.files]);
      }}
    >
      <FileScopePicker selected={fileIds} onChange={setFileIds} />
      <ComposerAttachments items={attachments.items} onRemove={attachments.remove} />
      {dragging ? (
        <div className="composer-drop" aria-hidden="true">
          <Icon name="upload" size={20} /> Drop to attach and ask about it
        </div>
      ) : null}
      <div className="composer-box">
        <button
          type="button"
          className="icon-button composer-attach"
          aria-label="Attach files"
          title="Attach files"
          onClick={() => picker.current?.click()}
        >
          <Icon name="plus" />
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          aria-hidden="true"
          tabIndex={-1}
          data-testid="attach-input"
          onChange={(event) => {
            attachments.attach([...(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
        <label htmlFor="chat-input" className="visually-hidden">
          Message
        </label>
        <textarea
          id="chat-input"
          className="textarea"
          rows={2}
          placeholder="Ask about your files, or ask for something done…"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={keyDown}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'chat-input-error' : 'chat-input-hint'}
        />
        {streaming ? (
          <button type="button" className="button button-danger" onClick={onStop}>
            <Icon name="stop" size={16} />
            Stop
          </button>
        ) : (
          <button type="submit" className="button button-primary" disabled={text.trim() === '' || reading.length > 0}>
            <Icon name="send" size={16} />
            Send
          </button>
        )}
      </div>
      {error ? (
        <p className="field-error" id="chat-input-error" role="alert">
          {error}
        </p>
      ) : (
        <p className="muted small" id="chat-input-hint">
          {reading.length > 0
            ? `Waiting for ${reading.map((item) => item.name).join(', ')} to be read…`
            : 'Enter to send · Shift+Enter for a new line · drop files to ask about them'}
        </p>
      )}
    </form>
  );
}
