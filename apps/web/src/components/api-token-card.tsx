import { useState, type FormEvent } from 'react';
import { getToken, setToken } from '../trpc';

/** The API token this browser sends, for servers started with STUDIO_API_TOKEN. */
export function ApiTokenCard() {
  const [value, setValue] = useState(() => getToken() ?? '');
  const save = (event: FormEvent) => {
    event.preventDefault();
    setToken(value);
    // Live updates authenticate when their connection opens, so start everything afresh.
    location.reload();
  };
  return (
    <form className="card card-body stack" onSubmit={save}>
      <h2>Access</h2>
      <div className="field">
        <label htmlFor="api-token">API token</label>
        <div className="row">
          <input
            id="api-token"
            className="input"
            type="password"
            autoComplete="off"
            value={value}
            onChange={(event) => setValue(event.target.value)}
            aria-describedby="api-token-hint"
          />
          <button type="submit" className="button">
            Save
          </button>
        </div>
        <p className="hint" id="api-token-hint">
          Only needed when the server runs with STUDIO_API_TOKEN. Saved in this browser; the page reloads to use it.
        </p>
      </div>
    </form>
  );
}
