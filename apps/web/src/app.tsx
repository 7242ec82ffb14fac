import { useEffect, useState } from 'react';
import { HealthBadge } from './components/health-badge';
import { ConfigScreen } from './screens/config-screen';
import { PlaceholderScreen } from './screens/placeholder-screen';

const SCREENS = [
  { id: 'chat', label: 'Chat' },
  { id: 'files', label: 'Files' },
  { id: 'memory', label: 'Memory' },
  { id: 'config', label: 'Configuration' },
] as const;

type ScreenId = (typeof SCREENS)[number]['id'];

function screenFromHash(): ScreenId {
  const id = location.hash.replace(/^#\/?/, '');
  return SCREENS.find((screen) => screen.id === id)?.id ?? 'chat';
}

/** The studio shell: navigation between screens and the server's health. */
export function App() {
  const [screen, setScreen] = useState<ScreenId>(screenFromHash);
  useEffect(() => {
    const onHash = () => setScreen(screenFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Local Agent Studio</span>
        <HealthBadge />
      </header>
      <nav className="sidebar" aria-label="Main">
        <ul>
          {SCREENS.map((item) => (
            <li key={item.id}>
              <a href={`#/${item.id}`} aria-current={item.id === screen ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content" id="main">
        {screen === 'config' ? <ConfigScreen /> : <PlaceholderScreen title={SCREENS.find((s) => s.id === screen)?.label ?? ''} />}
      </main>
    </div>
  );
}
