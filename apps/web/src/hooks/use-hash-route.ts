import { useEffect, useState } from 'react';

/** The screens of the studio, in navigation order. */
export const SCREENS = [
  { id: 'chat', label: 'Chat' },
  { id: 'files', label: 'Files' },
  { id: 'memory', label: 'Memory' },
  { id: 'agents', label: 'Agents' },
  { id: 'config', label: 'Configuration' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

/** A parsed `#/screen?key=value` location. */
export interface Route {
  screen: ScreenId;
  params: URLSearchParams;
}

function parse(): Route {
  const [path = '', query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const screen = SCREENS.find((item) => item.id === path)?.id ?? 'chat';
  return { screen, params: new URLSearchParams(query) };
}

/** Builds a hash link to a screen with optional parameters. */
export function hrefFor(screen: ScreenId, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, value);
  const text = query.toString();
  return `#/${screen}${text ? `?${text}` : ''}`;
}

/** Hash routing: links work without a server round trip and survive a reload. */
export function useHashRoute(): Route {
  const [route, setRoute] = useState<Route>(parse);
  useEffect(() => {
    const onHash = () => setRoute(parse());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}
