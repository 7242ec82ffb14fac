import type { Harness } from './harness';

export const WIDTHS = { wide: 1400, narrow: 390 } as const;
export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** Sets the theme the way the app remembers a user's choice, and applies it to the page at once. */
export async function setTheme(harness: Harness, theme: Theme): Promise<void> {
  await harness.page.evaluate((value) => {
    localStorage.setItem('studio.theme', value);
    document.documentElement.dataset.theme = value;
  }, theme);
}

/** A viewport of `width` and a phone's or a laptop's height. */
export async function setWidth(harness: Harness, width: number): Promise<void> {
  await harness.page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
}
