import type { FieldSpec } from '../lib/config-fields';
import { FIELD_HINTS } from '../lib/config-fields';
import { humanize } from '../lib/format';

interface ConfigFieldProps {
  section: string;
  spec: FieldSpec;
  value: unknown;
  error?: string;
  dirty: boolean;
  onChange(value: unknown): void;
}

/** One setting: the right control for its schema type, its hint, and its error right under it. */
export function ConfigField({ section, spec, value, error, dirty, onChange }: ConfigFieldProps) {
  const id = `config-${section}-${spec.key}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = error ? errorId : FIELD_HINTS[spec.key] ? hintId : undefined;
  const label = humanize(spec.key);

  let control;
  if (spec.kind === 'boolean') {
    control = (
      <label className="checkbox switch-row">
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(event) => onChange(event.target.checked)}
          aria-describedby={describedBy}
        />
        <span>{value === true ? 'On' : 'Off'}</span>
      </label>
    );
  } else if (spec.kind === 'enum') {
    control = (
      <select
        id={id}
        className="select"
        value={String(value ?? '')}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      >
        {spec.options.map((option) => (
          <option key={option} value={option}>
            {humanize(option)}
          </option>
        ))}
      </select>
    );
  } else if (spec.kind === 'multi') {
    const selected = Array.isArray(value) ? (value as string[]) : [];
    control = (
      <div className="chips" role="group" aria-labelledby={`${id}-label`} aria-describedby={describedBy}>
        {spec.options.map((option) => {
          const on = selected.includes(option);
          return (
            <button
              key={option}
              type="button"
              className="chip"
              aria-pressed={on}
              onClick={() => onChange(on ? selected.filter((item) => item !== option) : [...selected, option])}
            >
              {option}
            </button>
          );
        })}
      </div>
    );
  } else {
    control = (
      <input
        id={id}
        className="input"
        type={spec.kind === 'number' ? 'number' : 'text'}
        inputMode={spec.kind === 'number' ? (spec.integer ? 'numeric' : 'decimal') : undefined}
        step={spec.kind === 'number' ? (spec.integer ? 1 : 'any') : undefined}
        min={spec.kind === 'number' ? spec.min : undefined}
        max={spec.kind === 'number' ? spec.max : undefined}
        value={value === undefined || value === null ? '' : String(value)}
        onChange={(event) => onChange(event.target.value)}

        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
    );
  }

  return (
    <div className={`field config-field${dirty ? ' is-dirty' : ''}`} data-field={spec.key}>
      {spec.kind === 'multi' ? (
        <span className="label" id={`${id}-label`}>
          {label}
        </span>
      ) : (
        <label htmlFor={id}>{label}</label>
      )}
      {control}
      {error ? (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      ) : FIELD_HINTS[spec.key] ? (
        <p className="hint" id={hintId}>
          {FIELD_HINTS[spec.key]}
        </p>
      ) : null}
    </div>
  );
}
