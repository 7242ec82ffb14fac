import { trpc } from '../trpc';

/**
 * The server's health, polled; `offline` is true when answers come without a language model, and
 * `modelDown` when one is configured but not answering (`modelDetail` says why).
 */
export function useHealth() {
  const health = trpc.health.useQuery(undefined, { refetchInterval: 5000 });
  const llm = health.data?.components.llm;
  return { health, offline: llm?.status === 'offline', modelDown: llm?.status === 'down', modelDetail: llm?.detail };
}
