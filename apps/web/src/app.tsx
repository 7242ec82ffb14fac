import { Icon } from './components/icon';
import { HealthBadge } from './components/health-badge';
import { ThemeToggle } from './components/theme-toggle';
import { useConnection } from './hooks/use-connection';
import { SCREENS, useHashRoute, type Route } from './hooks/use-hash-route';
import { ConfigScreen } from './screens/config-screen';
import { FilesScreen } from './screens/files-screen';
import { PlaceholderScreen } from './screens/placeholder-screen';

function ScreenFor({ route }: { route: Route }) {
  switch (route.screen) {
    case 'config':
      return <ConfigScreen section={route.params.get('section') ?? undefined} />;
    case 'files':
      return <FilesScreen highlight={route.params.get('file') ?? undefined} />;
    default:
      return <PlaceholderScreen title={SCREENS.find((item) => item.id === route.screen)?.label ?? ''} />;
  }
}

/** The studio shell: navigation, server health, theme, and the current screen. */
export function App() {
  const route = useHashRoute();
  const connection = useConnection();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            <Icon name="agents" size={18} />
          </span>
          <span>Agent Studio</span>
        </div>
        <nav aria-label="Main">
          <ul>
            {SCREENS.map((item) => (
              <li key={item.id}>
                <a href={`#/${item.id}`} aria-current={item.id === route.screen ? 'page' : undefined}>
                  <Icon name={item.id} />
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-footer">
          <HealthBadge connection={connection} />
          <ThemeToggle />
        </div>
      </aside>
      <main className="content" id="main" tabIndex={-1}>
        <ScreenFor route={route} />
      </main>
    </div>
  );
}
