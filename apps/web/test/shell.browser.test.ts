import { describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium';
import { useHarness, type Harness } from './support/harness';

describe.skipIf(!hasChromium)('the studio shell', () => {
  let harness: Harness;
  useHarness({}, (started) => {
    harness = started;
  });

  it('works from the keyboard: skip link first, then the navigation', async () => {
    const { page } = harness;
    await harness.open('');
    await page.getByRole('heading', { name: 'Chat' }).waitFor();
    expect(await page.title()).toBe('Chat · Local Agent Studio');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Chat');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Files', level: 1 }).waitFor();
    expect(await page.title()).toBe('Files · Local Agent Studio');
    expect(
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Files' })
        .getAttribute('aria-current'),
    ).toBe('page');
  });

  it('shows empty states and switches to a dark theme that survives a reload', async () => {
    const { page } = harness;
    await harness.open('#/agents');
    await page.getByText('No runs yet').waitFor();
    await harness.screenshot('agents-empty');
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.reload();
    await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await harness.open('#/memory');
    await page.getByText('Nothing remembered yet').waitFor();
    await harness.screenshot('memory-empty-dark');
    expect(harness.problems).toEqual([]);
  });
});

describe.skipIf(!hasChromium)('a server that requires an API token', () => {
  let harness: Harness;
  useHarness({ apiToken: 'correct-horse' }, (started) => {
    harness = started;
    // Until the token is entered every call is refused with 401, which the browser logs.
    started.allowConsole(/status of 401/);
  });

  it('says a token is needed, and works once the user enters it', async () => {
    const { page } = harness;
    await harness.open('#/files');
    await page.getByText('API token needed').waitFor();
    await page.getByRole('link', { name: 'Enter the token in Configuration' }).click();
    await page.getByLabel('API token').fill('correct-horse');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('All systems ok').waitFor();
    await page.getByRole('heading', { name: 'Orchestrator' }).waitFor();
    expect(await page.getByLabel('Max iterations').inputValue()).toBe('6');
    expect(harness.problems).toEqual([]);
  });
});
