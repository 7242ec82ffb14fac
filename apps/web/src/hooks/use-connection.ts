import { createContext, useContext, useEffect, useState } from 'react';
import type { StudioWsClient } from '../trpc';

/** The WebSocket client behind every subscription, for its connection state. */
export const WsClientContext = createContext<StudioWsClient | undefined>(undefined);

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

/** The live-update channel's state, for the "reconnecting…" indicator. */
export function useConnection(): ConnectionState {
  const wsClient = useContext(WsClientContext);
  const [state, setState] = useState<ConnectionState>('connecting');
  useEffect(() => {
    if (!wsClient) return;
    let wasOpen = false;
    const subscription = wsClient.connectionState.subscribe({
      next: (value) => {
        if (value.state === 'pending') {
          wasOpen = true;
          setState('open');
        } else if (value.state === 'connecting') {
          setState(wasOpen || value.error ? 'reconnecting' : 'connecting');
        } else {
          setState('connecting');
        }
      },
    });
    return () => subscription.unsubscribe();
  }, [wsClient]);
  return state;
}
