import { useTheme } from '../hooks/use-theme';
import { Icon } from './icon';

/** Switches between light and dark. */
export function ThemeToggle() {
  const { theme, toggle } = useTheme();
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="button button-ghost theme-toggle"
      onClick={toggle}
      aria-label={`Switch to ${next} theme`}
    >
      <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
      <span className="theme-label">{theme === 'dark' ? 'Light theme' : 'Dark theme'}</span>
    </button>
  );
}
