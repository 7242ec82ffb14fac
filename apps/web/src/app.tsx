import { useCallback, useEffect } from 'react';
import { Icon } from './components/icon';
import { HealthBadge } from './components/health-badge';
import { ThemeToggle } from './components/theme-toggle';
import { ChatStreamContext, useChatStreamState } from './hooks/use-chat-stream';
import { useConnection } from './hooks/use-connection';
import { hrefFor, SCREENS, useHashRoute, type Route } from './hooks/use-hash-route';
import { LiveExecutionsContext, useLiveExecutionsState } from './hooks/use-live-executions';
import { AgentsScreen } from './screens/agents-screen';
import { ChatScreen } from './screens/chat-screen';
import { ConfigScreen } from './screens/config-screen';
import { FilesScreen } from './screens/files-screen';
import { MemoryScreen } from './screens/memory-screen';
import { ShortcutList } from './components/shortcut-list';
import { useShortcuts } from './hooks/use-shortcuts';

function ScreenFor({ route }: { route: Route }) {
  const param = (key: string) => route.params.get(key) ?? undefined;
  switch (route.screen) {
    case 'chat':
      return <ChatScreen sessionId={param('session')} />;
    case 'files':
      return <FilesScreen highlight={param('file')} />;
    case 'memory':
      return <MemoryScreen type={param('type')} />;
    case 'agents':
      return <AgentsScreen executionId={param('execution')} />;
    case 'config':
      return <ConfigScreen section={param('section')} />;
  }
}

/** The studio shell: navigation, server health, theme, app-wide live streams, and the current screen. */
export function App() {
  const route = useHashRoute();
  const connection = useConnection();
  const live = useLiveExecutionsState();
  // A new conversation gets its own address as soon as the server names it, so a reload keeps it.
  const onSession = useCallback((sessionId: string) => {
    if (location.hash === '' || location.hash.startsWith('#/chat'))
      location.hash = hrefFor('chat', { session: sessionId });
  }, []);
  const chat = useChatStreamState(onSession);
  useShortcuts();
  useEffect(() => {
    document.title = `${SCREENS.find((item) => item.id === route.screen)?.label ?? ''} · Local Agent Studio`;
  }, [route.screen]);
  return (
    <LiveExecutionsContext.Provider value={live}>
      <ChatStreamContext.Provider value={chat}>
        <div className="shell">
          <a
            className="skip-link"
            href="#main"
            onClick={(event) => {
              event.preventDefault();
              document.getElementById('main')?.focus();
            }}
          >
            Skip to content
          </a>
          <aside className="sidebar">
            <div className="brand">
              <span className="brand-mark" aria-hidden="true">
                <Icon name="agents" size={18} />
              </span>
              <span className="brand-name">Agent Studio</span>
            </div>
            <nav aria-label="Main">
              <ul>
                {SCREENS.map((item) => (
                  <li key={item.id}>
                    <a href={`#/${item.id}`} aria-current={item.id === route.screen ? 'page' : undefined}>
                      <Icon name={item.id} />
                      <span className="nav-label">{item.label}</span>
                      {item.id === 'chat' && chat.answer?.status === 'streaming' ? (
                        <span className="nav-pulse" aria-label="answer in progress" />
                      ) : null}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <div className="sidebar-footer">
              <HealthBadge connection={connection} />
              <ThemeToggle />
              <ShortcutList />
            </div>
          </aside>
          <main className="content" id="main" tabIndex={-1}>
            <ScreenFor route={route} />
          </main>
        </div>
      </ChatStreamContext.Provider>
    </LiveExecutionsContext.Provider>
  );
}
