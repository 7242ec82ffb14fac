import { trpc } from '../trpc';

/** The server's health, polled; `offline` is true when answers come without a language model. */
export function useHealth() {
  const health = trpc.health.useQuery(undefined, { refetchInterval: 5000 });
  const llm = health.data?.components.llm;
  return { health, offline: llm?.status === 'offline' };
}
