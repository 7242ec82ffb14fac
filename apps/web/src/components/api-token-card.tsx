import { useState, type FormEvent } from 'react';
import { useToast } from '../hooks/use-toast';
import { getToken, setToken, trpc } from '../trpc';

/** The API token this browser sends, for servers started with STUDIO_API_TOKEN. */
export function ApiTokenCard() {
  const [value, setValue] = useState(() => getToken() ?? '');
  const utils = trpc.useUtils();
  const toast = useToast();
  const save = (event: FormEvent) => {
    event.preventDefault();
    setToken(value);
    void utils.invalidate();
    toast.show('success', value.trim() ? 'API token saved in this browser' : 'API token removed');
  };
  return (
    <form className="card card-body stack" onSubmit={save}>
      <h2>Access</h2>
      <div className="field">
        <label htmlFor="api-token">API token</label>
        <div className="row">
          <input id="api-token" className="input" type="password" autoComplete="off" value={value} onChange={(event) => setValue(event.target.value)} aria-describedby="api-token-hint" />
          <button type="submit" className="button">
            Save
          </button>
        </div>
        <p className="hint" id="api-token-hint">
          Only needed when the server runs with STUDIO_API_TOKEN. Live updates use it after the next reconnect.
        </p>
      </div>
    </form>
  );
}
