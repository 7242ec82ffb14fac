import { LlmConfigSchema, type LlmConfig } from '@studio/shared';
import { useState, type FormEvent } from 'react';
import { useToast } from '../hooks/use-toast';
import { fieldErrorsOf, messageOf } from '../lib/errors';
import { trpc } from '../trpc';

const SOURCE_LABEL = {
  config: 'from these settings',
  environment: 'from the environment',
  none: 'none',
  default: 'default',
};

/**
 * The `llm` section: base URL, model and API key of an OpenAI-compatible provider. The key is never
 * shown (the server only says whether one is set); a blank key field keeps the stored one.
 * "Test connection" lists the provider's models; saving applies from the next message on.
 */
export function ModelSettingsPanel({ saved }: { saved: LlmConfig }) {
  const utils = trpc.useUtils();
  const toast = useToast();
  const settings = trpc.llm.settings.useQuery();
  const [baseUrl, setBaseUrl] = useState(saved.base_url);
  const [model, setModel] = useState(saved.model);
  const [apiKey, setApiKey] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const keySet = settings.data?.apiKey === 'set';
  // The version the form was filled from: a change made elsewhere meanwhile is refused, not overwritten.
  const version = settings.data?.version;
  const models = trpc.llm.listModels.useMutation();
  const update = trpc.config.update.useMutation({
    onSuccess: () => {
      setApiKey('');
      void utils.config.get.invalidate();
      void utils.llm.settings.invalidate();
      void utils.health.invalidate();
      toast.show('success', 'Model settings saved', 'The next message uses them; written to llm.yaml.');
    },
    onError: (error) => {
      const fields = fieldErrorsOf(error, 'values.');
      setErrors({ base_url: fields.base_url, model: fields.model });
      toast.show('error', 'Could not save the model settings', messageOf(error));
    },
  });

  const values = (): Partial<LlmConfig> => ({
    base_url: baseUrl.trim(),
    model: model.trim(),
    ...(apiKey ? { api_key: apiKey } : {}),
  });
  const save = (event: FormEvent) => {
    event.preventDefault();
    const parsed = LlmConfigSchema.partial().safeParse(values());
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message])));
      return;
    }
    setErrors({});
    update.mutate({ section: 'llm', values: parsed.data, expectedVersion: version });
  };
  const test = () => models.mutate({ baseUrl: baseUrl.trim() || undefined, apiKey: apiKey || undefined });

  const effective = settings.data;
  return (
    <div className="stack">
      {effective ? (
        <div className="card card-body stack-tight" aria-label="Model in force">
          <strong>
            {effective.mode === 'llm' ? `${effective.model ?? ''} at ${effective.baseUrl ?? ''}` : 'Offline: no model'}
          </strong>
          <span className="muted small">
            Base URL {SOURCE_LABEL[effective.sources.baseUrl]} · model {SOURCE_LABEL[effective.sources.model]} · API key{' '}
            {effective.apiKey} ({SOURCE_LABEL[effective.sources.apiKey]}) · version {effective.version}
          </span>
        </div>
      ) : null}
      <form className="card card-body stack" onSubmit={save} aria-label="Model settings">
        <p className="muted small">
          Any OpenAI-compatible server (OpenAI, Ollama, llama.cpp, vLLM). Leave a field blank to use the environment
          (LLM_BASE_URL, LLM_MODEL, LLM_API_KEY).
        </p>
        <div className="field">
          <label htmlFor="llm-base-url">Base URL</label>
          <input
            id="llm-base-url"
            className="input"
            type="url"
            placeholder="http://127.0.0.1:11434/v1"
            value={baseUrl}
            onChange={(event) => setBaseUrl(event.target.value)}
            aria-invalid={errors.base_url ? true : undefined}
            aria-describedby={errors.base_url ? 'llm-base-url-error' : undefined}
          />
          {errors.base_url ? (
            <p className="field-error" id="llm-base-url-error" role="alert">
              {errors.base_url}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="llm-model">Model</label>
          <input
            id="llm-model"
            className="input"
            list="llm-model-options"
            placeholder="gpt-4o-mini"
            value={model}
            onChange={(event) => setModel(event.target.value)}
            aria-invalid={errors.model ? true : undefined}
          />
          <datalist id="llm-model-options">
            {(models.data?.models ?? []).map((id) => (
              <option key={id} value={id} />
            ))}
          </datalist>
          {errors.model ? <p className="field-error">{errors.model}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="llm-api-key">API key</label>
          <input
            id="llm-api-key"
            className="input"
            type="password"
            autoComplete="off"
            placeholder={keySet ? 'Set — leave blank to keep it' : 'Not set'}
            value={apiKey}
            onChange={(event) => setApiKey(event.target.value)}
            aria-describedby="llm-api-key-state"
          />
          <span className="hint muted small" id="llm-api-key-state">
            Key: <span data-testid="api-key-state">{keySet ? 'set' : 'not set'}</span>. It is stored on the server and
            never shown again.
          </span>
        </div>
        <div className="row">
          <button type="submit" className="button button-primary" disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save'}
          </button>
          <button type="button" className="button" onClick={test} disabled={models.isPending}>
            {models.isPending ? 'Testing…' : 'Test connection'}
          </button>
          {saved.api_key ? (
            <button
              type="button"
              className="button button-ghost"
              onClick={() => update.mutate({ section: 'llm', values: { api_key: '' }, expectedVersion: version })}
            >
              Remove stored key
            </button>
          ) : null}
        </div>
        {models.isError ? (
          <p className="field-error" role="alert">
            Connection failed: {messageOf(models.error)}
          </p>
        ) : models.data ? (
          <div role="status" className="stack-tight">
            <span className="small">
              Connected to {models.data.baseUrl}: {models.data.models.length} model
              {models.data.models.length === 1 ? '' : 's'}.
            </span>
            <ul className="chips chips-list" aria-label="Models offered">
              {models.data.models.map((id) => (
                <li key={id}>
                  <button type="button" className="chip" aria-pressed={id === model} onClick={() => setModel(id)}>
                    {id}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </form>
    </div>
  );
}
