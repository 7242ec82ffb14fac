import { useEffect } from 'react';
import { shortcutOf } from '../lib/shortcuts';
import { hrefFor } from './use-hash-route';

/** Focuses the chat's message box, once the chat screen is shown (it may be opening right now). */
function focusComposer(): void {
  let tries = 0;
  const attempt = () => {
    const box = document.getElementById('chat-input');
    if (box) box.focus();
    else if ((tries += 1) < 20) requestAnimationFrame(attempt);
  };
  attempt();
}

/** The app-wide keyboard shortcuts (lib/shortcuts): a new chat, and the message box. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const shortcut = shortcutOf(event);
      if (!shortcut) return;
      event.preventDefault();
      if (shortcut === 'newChat') location.hash = hrefFor('chat');
      else if (!location.hash.startsWith('#/chat') && location.hash !== '') {
        // From another screen, back to the conversation that was open there.
        location.hash = hrefFor('chat', { session: sessionStorage.getItem('studio.session') ?? undefined });
      }
      if (shortcut === 'newChat' || shortcut === 'focusComposer') focusComposer();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
