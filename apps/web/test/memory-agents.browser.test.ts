import { describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium';
import { addFile, useHarness, type Harness } from './support/harness';
import { setWidth } from './support/screens';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const REQUEST = 'First, when does Project Alpha launch? Then, what is the budget of Project Beta?';

describe.skipIf(!hasChromium)('memory grouped by type, and runs in the agents view (offline)', () => {
  let harness: Harness;
  let sessionId = '';
  useHarness({}, async (started) => {
    harness = started;
    await addFile(started, 'alpha.txt', Buffer.from('Project Alpha launches in May 2027 after a long review.'));
    await addFile(started, 'beta.txt', Buffer.from('The budget of Project Beta is 40,000 euros, hardware only.'));
    sessionId = (await started.studio.chat.send({ message: 'Notes about the Alpha launch' })).sessionId;
    await started.studio.memory.add({ type: 'profile', content: 'Works on Project Alpha.' });
    await started.studio.memory.add({ type: 'fact', content: 'Alpha launches in May 2027.' });
    await started.studio.memory.add({
      type: 'conversation',
      content: 'A chat of 1 turn about: Alpha launch',
      metadata: { sessionId },
    });
  });

  it('groups memories by type, folds conversation summaries under their conversation title, shows no ids', async () => {
    const { page } = harness;
    await harness.open('#/memory');
    const groups = page.locator('.memory-group-title');
    await groups.first().waitFor();
    expect((await groups.allTextContents()).map((text) => text.replace(/\s*\(\d+\)$/, ''))).toEqual([
      'About you',
      'Facts',
      'Conversation summaries',
    ]);
    const fold = page.locator('details.memory-fold').filter({ hasText: 'Notes about the Alpha launch' });
    await fold.waitFor();
    expect(await fold.getAttribute('open')).toBeNull();
    expect(await page.getByText('A chat of 1 turn about: Alpha launch').isVisible()).toBe(false);
    await fold.locator('summary').click();
    await page.getByText('A chat of 1 turn about: Alpha launch').waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(UUID);
    expect(await page.locator('main').innerText()).not.toContain(sessionId);
  });

  it('titles a run by its request, with real step counts, elapsed time and a graph inside its panel', async () => {
    const { page } = harness;
    await harness.open('#/chat');
    await page.getByLabel('Message', { exact: true }).fill(REQUEST);
    await page.keyboard.press('Enter');
    await page.locator('.message-assistant').getByText('Project Alpha launches in May 2027').first().waitFor();
    const executionId = (await harness.studio.executions.list({ limit: 5 })).items.find(
      (item) => item.request === REQUEST,
    )?.executionId;
    expect(executionId).toBeTruthy();
    await page.getByRole('link', { name: 'Agents', exact: true }).click();
    await harness.open(`#/agents?execution=${executionId ?? ''}`);

    await page.getByRole('heading', { name: REQUEST }).waitFor();
    await page.getByRole('navigation', { name: 'Runs' }).getByText(REQUEST).waitFor();
    expect(await page.getByText(/Plan · \d tasks/).count()).toBe(0);

    const elapsed = (await page.getByTestId('elapsed').textContent()) ?? '';
    expect(elapsed).toMatch(/^\d+ ms in all$|^\d+\.\d s in all$/);
    expect(elapsed).not.toBe('0 ms in all');

    // Each agent of the run took one or two tool calls: never "step 5 of 5".
    const counts = await page.getByTestId('step-count').allTextContents();
    expect(counts.length).toBeGreaterThan(0);
    for (const text of counts) expect(text).toMatch(/^done in [12] steps?$/);

    for (const width of [1400, 390]) {
      await setWidth(harness, width);
      const graph = page.getByTestId('plan-graph');
      await graph.waitFor();
      const panel = await page.locator('.plan-graph-frame').boundingBox();
      const nodes = await graph
        .locator('.plan-node')
        .evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().toJSON() as DOMRect));
      expect(panel && nodes.length === 2).toBe(true);
      if (!panel) return;
      expect(panel.x + panel.width).toBeLessThanOrEqual(width);
      const main = await page.evaluate(() => {
        const element = document.querySelector('main');
        return { scroll: element?.scrollWidth ?? 0, client: element?.clientWidth ?? 0 };
      });
      expect(main.scroll).toBeLessThanOrEqual(main.client);
      for (const node of nodes) {
        expect(node.x).toBeGreaterThanOrEqual(panel.x - 1);
        expect(node.x + node.width).toBeLessThanOrEqual(panel.x + panel.width + 1);
      }
      await harness.screenshot(`agents-graph-${width}`);
    }
    // Zoom and back to fit.
    const svg = page.getByTestId('plan-graph');
    const fitted = await svg.getAttribute('viewBox');
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => svg.getAttribute('viewBox')).not.toBe(fitted);
    await page.getByRole('button', { name: 'Fit' }).click();
    await expect.poll(() => svg.getAttribute('viewBox')).toBe(fitted);
    expect(harness.problems).toEqual([]);
  });
});
