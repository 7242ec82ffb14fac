import { SHORTCUTS } from '../lib/shortcuts';

/** The keyboard shortcuts, folded under a small disclosure in the sidebar so they can be found. */
export function ShortcutList() {
  return (
    <details className="shortcuts small">
      <summary>Keyboard shortcuts</summary>
      <dl>
        {Object.values(SHORTCUTS).map((shortcut) => (
          <div key={shortcut.description} className="shortcut">
            <dt>
              <kbd>{shortcut.label}</kbd>
            </dt>
            <dd>{shortcut.description}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
