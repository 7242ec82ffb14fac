import { createContext, useContext } from 'react';

export type ToastTone = 'info' | 'success' | 'error';

/** One short notice in the corner. */
export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  detail?: string;
}

/** What components may do with toasts. */
export interface ToastApi {
  show(tone: ToastTone, title: string, detail?: string): void;
}

/** Provided by ToastRegion. */
export const ToastContext = createContext<ToastApi>({ show: () => undefined });

/** Shows a toast from anywhere below the ToastRegion. */
export function useToast(): ToastApi {
  return useContext(ToastContext);
}
