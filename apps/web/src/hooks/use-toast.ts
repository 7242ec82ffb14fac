import { createContext, useContext } from 'react';

export type ToastTone = 'info' | 'success' | 'error';

/** One short notice in the corner. */
export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  detail?: string;
  action?: ToastAction;
}

/** A button in a toast, such as "Undo"; pressing it runs `onClick` and dismisses the toast. */
export interface ToastAction {
  label: string;
  onClick: () => void;
}

/** What components may do with toasts. */
export interface ToastApi {
  show(tone: ToastTone, title: string, detail?: string, action?: ToastAction): void;
}

/** Provided by ToastRegion. */
export const ToastContext = createContext<ToastApi>({ show: () => undefined });

/** Shows a toast from anywhere below the ToastRegion. */
export function useToast(): ToastApi {
  return useContext(ToastContext);
}
