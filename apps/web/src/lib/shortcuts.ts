/**
 * The app's keyboard shortcuts, in one place so the handler, `aria-keyshortcuts` and the list shown
 * to the user agree. Alt+N rather than Ctrl+N/Ctrl+Shift+O: browsers keep those for themselves.
 */
export const SHORTCUTS = {
  newChat: { label: 'Alt+N', aria: 'Alt+N', description: 'New chat' },
  focusComposer: { label: '/ or Shift+Esc', aria: '/ Shift+Escape', description: 'Focus the message box' },
} as const;

export type ShortcutName = keyof typeof SHORTCUTS;

/** Typing in a field: a bare "/" there is text, not a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** Which shortcut a key press is, if any. `code` is used for Alt+N: on a Mac, Option+N types a dead key. */
export function shortcutOf(event: KeyboardEvent): ShortcutName | undefined {
  if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyN') return 'newChat';
  if (event.key === 'Escape' && event.shiftKey) return 'focusComposer';
  if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target))
    return 'focusComposer';
  return undefined;
}
