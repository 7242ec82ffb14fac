import { CONFIG_SECTIONS, type ConfigSectionName } from '@studio/shared';
import { watch, type FSWatcher } from 'node:fs';

/**
 * Watches the config folder and reports which section's file changed, once per burst of writes
 * (editors save in several steps: truncate, write, rename).
 */
export function watchConfigDir(
  dir: string,
  onChange: (section: ConfigSectionName) => void,
  debounceMs: number,
): () => void {
  const timers = new Map<ConfigSectionName, NodeJS.Timeout>();
  const sections = new Set<string>(CONFIG_SECTIONS);
  const watcher: FSWatcher = watch(dir, { persistent: false }, (_event, filename) => {
    const name = filename?.toString().replace(/\.yaml$/, '');
    if (!name || !filename?.toString().endsWith('.yaml') || !sections.has(name)) return;
    const section = name as ConfigSectionName;
    clearTimeout(timers.get(section));
    timers.set(
      section,
      setTimeout(() => {
        timers.delete(section);
        onChange(section);
      }, debounceMs),
    );
  });
  watcher.on('error', () => {
    // The folder vanished or the watch limit was hit; config.reload still works by hand.
  });
  return () => {
    for (const timer of timers.values()) clearTimeout(timer);
    watcher.close();
  };
}
