import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { ToastRegion } from './components/toast-region';
import { WsClientContext } from './hooks/use-connection';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/config.css';
import './styles/files.css';
import './styles/chat.css';
import './styles/answers.css';
import './styles/sources.css';
import './styles/agents.css';
import './styles/memory.css';
import './styles/sessions.css';
import './styles/narrow.css';
import { createClients, trpc } from './trpc';

function Root() {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }),
  );
  const [clients] = useState(createClients);
  return (
    <trpc.Provider client={clients.client} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <WsClientContext.Provider value={clients.wsClient}>
          <ToastRegion>
            <App />
          </ToastRegion>
        </WsClientContext.Provider>
      </QueryClientProvider>
    </trpc.Provider>
  );
}

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}
