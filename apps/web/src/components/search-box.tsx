import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { Icon } from './icon';

interface Props {
  id: string;
  label: string;
  placeholder: string;
  /** The shared schema of the procedure's `query` field: the box refuses what the server would. */
  schema: z.ZodType<string>;
  /** Called with the checked query, or undefined when the box is submitted empty. */
  onSearch: (query: string | undefined) => void;
}

/** A labelled search field with a submit button, checked against the shared schema before it searches. */
export function SearchBox({ id, label, placeholder, schema, onSearch }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const errorId = `${id}-error`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') {
      setError(undefined);
      onSearch(undefined);
      return;
    }
    const parsed = schema.safeParse(text);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'invalid query');
      return;
    }
    setError(undefined);
    onSearch(parsed.data);
  };

  return (
    <>
      <form className="row" onSubmit={submit} role="search">
        <label htmlFor={id} className="visually-hidden">
          {label}
        </label>
        <input
          id={id}
          className="input"
          type="search"
          placeholder={placeholder}
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
        <button type="submit" className="button">
          <Icon name="search" size={16} />
          Search
        </button>
      </form>
      {error ? (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}
