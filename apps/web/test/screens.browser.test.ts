import { describe, expect, it } from 'vitest';
import { seriousViolations } from './support/accessibility';
import { hasChromium } from './support/chromium';
import { addFile, useHarness, type Harness } from './support/harness';
import { setTheme, setWidth, THEMES, WIDTHS } from './support/screens';

const SCREENS = ['chat', 'files', 'memory', 'agents', 'config', 'config-model'] as const;
const HASH: Record<(typeof SCREENS)[number], string> = {
  chat: '#/chat',
  files: '#/files',
  memory: '#/memory',
  agents: '#/agents',
  config: '#/config',
  'config-model': '#/config?section=llm',
};

/** Waits until a screen has drawn its content, not only its frame. */
async function settled(harness: Harness, screen: (typeof SCREENS)[number]): Promise<void> {
  const { page } = harness;
  await page.locator('#screen-title').waitFor();
  if (screen === 'chat') await page.locator('.message-assistant').first().waitFor();
  if (screen === 'files') await page.getByText('handbook.txt').first().waitFor();
  if (screen === 'memory') await page.locator('.memory-group').first().waitFor();
  if (screen === 'agents') await page.getByTestId('plan-graph').waitFor();
  if (screen === 'config-model') await page.getByLabel('Base URL').waitFor();
  await page
    .locator('[aria-busy="true"], .spinner')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
}

describe.skipIf(!hasChromium)('every screen, light and dark, wide and narrow', () => {
  let harness: Harness;
  let sessionId = '';
  let executionId = '';
  useHarness({}, async (started) => {
    harness = started;
    await addFile(started, 'handbook.txt', Buffer.from('Employees give thirty days of notice before leaving Acme.'));
    const sent = await started.studio.chat.send({ message: 'What is the notice period?' });
    sessionId = sent.sessionId;
    const planned = await started.studio.chat.send({
      message: 'First, what is the notice period? Then, summarise handbook.txt.',
    });
    executionId = planned.executionId;
    await started.studio.memory.add({ type: 'profile', content: 'Prefers short answers.' });
    await started.studio.memory.add({ type: 'fact', content: 'Acme asks for thirty days of notice.' });
  });

  for (const [widthName, width] of Object.entries(WIDTHS))
    for (const theme of THEMES)
      it(`${widthName} (${width} px), ${theme}: no serious or critical accessibility violations, screenshots saved`, async () => {
        await setWidth(harness, width);
        const found: Record<string, string[]> = {};
        for (const screen of SCREENS) {
          const hash =
            screen === 'chat'
              ? `#/chat?session=${sessionId}`
              : screen === 'agents'
                ? `#/agents?execution=${executionId}`
                : HASH[screen];
          await harness.open(hash);
          await setTheme(harness, theme);
          await harness.page.reload();
          await settled(harness, screen);
          await harness.screenshot(`screen-${screen}-${width}-${theme}`);
          const violations = await seriousViolations(harness.page);
          if (violations.length > 0) found[screen] = violations;
        }
        expect(found, JSON.stringify(found, null, 1)).toEqual({});
        expect(harness.problems).toEqual([]);
      });

  it('at 390 px the conversation and the message box are on the first screen, under one bar', async () => {
    const { page } = harness;
    await setWidth(harness, WIDTHS.narrow);
    await harness.open(`#/chat?session=${sessionId}`);
    await page.locator('.message-user').first().waitFor();
    const viewport = page.viewportSize();
    const box = await page.getByLabel('Message', { exact: true }).boundingBox();
    const question = await page.locator('.message-user').first().boundingBox();
    const bar = await page.locator('.sidebar').boundingBox();
    expect(viewport && box && question && bar).toBeTruthy();
    if (!viewport || !box || !question || !bar) return;
    expect(bar.height).toBeLessThanOrEqual(64);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    expect(question.y).toBeLessThan(viewport.height / 2);
    // No sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    // The navigation is still there by name, and the conversations open from the toggle.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Files' }).waitFor();
    await page.getByRole('button', { name: /notice period/i }).click();
    await page.getByLabel('Search conversations').waitFor();
    await harness.screenshot('narrow-conversations-open');
  });

  it('keyboard shortcuts: Alt+N starts a new chat, "/" and Shift+Esc focus the message box; both listed', async () => {
    const { page } = harness;
    await setWidth(harness, WIDTHS.wide);
    await harness.open('#/files');
    await page.getByText('handbook.txt').first().waitFor();
    await page.getByText('Keyboard shortcuts').click();
    await page.getByText('New chat', { exact: true }).last().waitFor();
    await page.locator('body').click();
    await page.keyboard.press('Alt+KeyN');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/chat');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('chat-input');

    await harness.open(`#/chat?session=${sessionId}`);
    await page.locator('.message-user').first().waitFor();
    await page.locator('#screen-title').click();
    expect(await page.evaluate(() => document.activeElement?.id)).not.toBe('chat-input');
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('chat-input');
    // Typed into the box, "/" is just a character.
    await page.keyboard.type('a/b');
    expect(await page.getByLabel('Message', { exact: true }).inputValue()).toBe('a/b');
    await page.getByLabel('Search conversations').focus();
    await page.keyboard.press('Shift+Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('chat-input');
    expect(await page.getByRole('link', { name: 'New chat' }).getAttribute('aria-keyshortcuts')).toBe('Alt+N');
  });
});
