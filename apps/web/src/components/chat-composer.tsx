import { ChatSendInputSchema } from '@studio/shared';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { FileScopePicker } from './file-scope-picker';
import { Icon } from './icon';

interface Props {
  streaming: boolean;
  onSend: (message: string, fileIds: string[]) => void;
  onStop: () => void;
}

/** The question box: Enter sends, Shift+Enter adds a line; Stop ends a running answer. */
export function ChatComposer({ streaming, onSend, onStop }: Props) {
  const [text, setText] = useState('');
  const [fileIds, setFileIds] = useState<string[]>([]);
  const [error, setError] = useState<string>();

  const send = () => {
    const parsed = ChatSendInputSchema.shape.message.safeParse(text);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    onSend(parsed.data, fileIds);
    setText('');
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
    <form className="composer" onSubmit={submit}>
      <FileScopePicker selected={fileIds} onChange={setFileIds} />
      <div className="composer-box">
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
          <button type="submit" className="button button-primary" disabled={text.trim() === ''}>
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
          Enter to send · Shift+Enter for a new line
        </p>
      )}
    </form>
  );
}
