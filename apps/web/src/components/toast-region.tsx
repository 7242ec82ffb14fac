import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { ToastContext, type Toast, type ToastAction, type ToastApi, type ToastTone } from '../hooks/use-toast';
import { Icon } from './icon';

const LIFETIME_MS = 5000;

/** Provides `useToast()` and renders the toasts in a polite live region. */
export function ToastRegion({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((toast) => toast.id !== id)), []);
  const show = useCallback(
    (tone: ToastTone, title: string, detail?: string, action?: ToastAction) => {
      const id = nextId.current++;
      setToasts((list) => [...list.slice(-3), { id, tone, title, detail, action }]);
      // A toast with an action (Undo) stays longer: the user has to notice it and decide.
      window.setTimeout(() => dismiss(id), tone === 'error' || action ? LIFETIME_MS * 2 : LIFETIME_MS);
    },
    [dismiss],
  );
  const api = useMemo<ToastApi>(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.tone}`}>
            <Icon name={toast.tone === 'error' ? 'alert' : toast.tone === 'success' ? 'check' : 'refresh'} />
            <div>
              <strong>{toast.title}</strong>
              {toast.detail ? <p>{toast.detail}</p> : null}
            </div>
            {toast.action ? (
              <button
                type="button"
                className="button button-small"
                onClick={() => {
                  toast.action?.onClick();
                  dismiss(toast.id);
                }}
              >
                {toast.action.label}
              </button>
            ) : null}
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
              <Icon name="close" size={14} />
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
