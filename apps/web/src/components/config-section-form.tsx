import type { ConfigSectionName } from '@studio/shared';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { sectionFields, toValue, validateSection } from '../lib/config-fields';
import { fieldErrorsOf, messageOf } from '../lib/errors';
import { humanize } from '../lib/format';
import { useToast } from '../hooks/use-toast';
import { trpc } from '../trpc';
import { ConfigField } from './config-field';

interface Props {
  section: ConfigSectionName;
  saved: Record<string, unknown>;
}

/**
 * The form of one section. Only fields the user touched are held locally, so a change made on disk
 * shows up at once in every other field; the shared schema checks the whole section before saving,
 * and the server's own field errors land at the same fields.
 */
export function ConfigSectionForm({ section, saved }: Props) {
  const fields = useMemo(() => sectionFields(section), [section]);
  const [draft, setDraft] = useState<Record<string, unknown>>({});
  const [showErrors, setShowErrors] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [focusRequest, setFocusRequest] = useState<{ key: string }>();
  const utils = trpc.useUtils();
  const toast = useToast();

  const candidate = useMemo(() => {
    const values: Record<string, unknown> = { ...saved };
    for (const spec of fields) if (spec.key in draft) values[spec.key] = toValue(spec, draft[spec.key]);
    return values;
  }, [saved, draft, fields]);
  const clientErrors = useMemo(() => validateSection(section, candidate), [section, candidate]);
  const errors = { ...(showErrors ? clientErrors : {}), ...serverErrors };
  const dirtyKeys = Object.keys(draft).filter((key) => JSON.stringify(candidate[key]) !== JSON.stringify(saved[key]));

  const update = trpc.config.update.useMutation({
    onSuccess: (result) => {
      utils.config.get.setData(undefined, (current) => (current ? { ...current, [section]: result.values } : current));
      void utils.config.get.invalidate();
      setDraft({});
      setShowErrors(false);
      toast.show('success', `${humanize(section)} saved`, 'Applied at once and written to disk.');
    },
    onError: (error) => {
      const fieldErrors = fieldErrorsOf(error, 'values.');
      setServerErrors(fieldErrors);
      const first = fields.find((spec) => fieldErrors[spec.key]);
      if (first) setFocusRequest({ key: first.key });
      setFormError(Object.keys(fieldErrors).length > 0 ? undefined : messageOf(error));
    },
  });

  // Focus moves to the first field in error once it has rendered its message.
  useEffect(() => {
    if (!focusRequest) return;
    const frame = requestAnimationFrame(() =>
      document.getElementById(`config-${section}-${focusRequest.key}`)?.focus(),
    );
    return () => cancelAnimationFrame(frame);
  }, [focusRequest, section]);

  const change = (key: string, value: unknown) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setServerErrors(({ [key]: _removed, ...rest }) => rest);
    setFormError(undefined);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (Object.keys(clientErrors).length > 0) {
      const first = fields.find((spec) => clientErrors[spec.key]);
      if (first) setFocusRequest({ key: first.key });
      return;
    }
    const values: Record<string, unknown> = {};
    for (const key of dirtyKeys) values[key] = candidate[key];
    if (Object.keys(values).length === 0) return;
    update.mutate({ section, values });
  };

  return (
    <form className="card config-form" onSubmit={submit} aria-label={`${humanize(section)} settings`} noValidate>
      <div className="config-grid card-body">
        {fields.map((spec) => (
          <ConfigField
            key={spec.key}
            section={section}
            spec={spec}
            value={spec.key in draft ? draft[spec.key] : saved[spec.key]}
            error={errors[spec.key]}
            dirty={dirtyKeys.includes(spec.key)}
            onChange={(value) => change(spec.key, value)}
          />
        ))}
      </div>
      {formError ? (
        <p className="field-error form-error" role="alert">
          {formError}
        </p>
      ) : null}
      <div className="form-footer">
        <span className="muted small" aria-live="polite">
          {dirtyKeys.length > 0
            ? `${dirtyKeys.length} unsaved change${dirtyKeys.length > 1 ? 's' : ''}`
            : 'All changes saved'}
        </span>
        <div className="row">
          <button
            type="button"
            className="button"
            disabled={dirtyKeys.length === 0 || update.isPending}
            onClick={() => {
              setDraft({});
              setServerErrors({});
              setShowErrors(false);
            }}
          >
            Discard
          </button>
          <button type="submit" className="button button-primary" disabled={dirtyKeys.length === 0 || update.isPending}>
            {update.isPending ? 'Saving…' : 'Save changes'}
          </button>
        </div>
      </div>
    </form>
  );
}
