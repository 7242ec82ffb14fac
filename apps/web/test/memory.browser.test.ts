import { describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium';
import { useHarness, type Harness } from './support/harness';

describe.skipIf(!hasChromium)('memory in the browser', () => {
  let harness: Harness;
  useHarness({}, async (started) => {
    harness = started;
    for (let index = 1; index <= 22; index += 1) {
      await started.studio.memory.add({ type: 'fact', content: `Fact number ${index} about the project` });
    }
    await started.studio.memory.add({ type: 'profile', content: 'Prefers short answers' });
    await started.studio.memory.add({ type: 'profile', content: 'Lives in Galway' });
  });

  it('pages through memories and filters them by type', async () => {
    const { page } = harness;
    await harness.open('#/memory');
    const pager = page.getByRole('navigation', { name: 'Pages' });
    await pager.getByText('1–20 of 24').waitFor();
    await harness.screenshot('memory');
    await pager.getByRole('button', { name: 'Next' }).click();
    await pager.getByText('21–24 of 24').waitFor();
    await pager.getByRole('button', { name: 'Previous' }).click();
    await pager.getByText('1–20 of 24').waitFor();

    await page.getByLabel('Search memories').fill('Fact number 7 about the project');
    await page.getByLabel('Search memories').press('Enter');
    await page.getByRole('list', { name: 'Matching memories' }).getByText('Fact number 7 about the project').waitFor();

    await page.getByRole('navigation', { name: 'Memory type' }).getByRole('link', { name: 'Profile' }).click();
    await pager.getByText('1–2 of 2').waitFor();
    expect(await page.getByRole('region', { name: 'Memories' }).getByRole('listitem').count()).toBe(2);
  });

  it('edits a memory in place and deletes another', async () => {
    const { page } = harness;
    const row = page.getByRole('listitem', { name: 'Prefers short answers' });
    await row.getByRole('button', { name: 'Edit memory' }).click();
    await row.getByLabel('Memory text').fill('Prefers short answers with sources');
    await row.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Prefers short answers with sources').waitFor();
    // The row may show the new text before the server has stored it: wait for the store itself.
    await expect
      .poll(async () => (await harness.studio.memory.list({ type: 'profile' })).items.map((item) => item.content))
      .toContain('Prefers short answers with sources');

    const other = page.getByRole('listitem', { name: 'Lives in Galway' });
    await other.getByRole('button', { name: 'Delete memory' }).click();
    await other.getByRole('button', { name: 'Delete', exact: true }).click();
    await other.waitFor({ state: 'detached' });
    await expect.poll(async () => (await harness.studio.memory.list({ type: 'profile' })).total).toBe(1);
  });

  it('previews what a clear would remove before removing it', async () => {
    const { page } = harness;
    await page.getByRole('navigation', { name: 'Memory type' }).getByRole('link', { name: 'Facts' }).click();
    await page.getByRole('button', { name: 'Clear…' }).click();
    let dialog = page.getByRole('dialog', { name: 'Clear fact memories' });
    // Fresh memories are within every age limit and under the caps: retention would remove none.
    await dialog.getByTestId('clear-preview').getByText('Nothing would be removed.').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // With a cap of 20 per type, retention would remove the 2 facts beyond it.
    await harness.studio.config.update({ section: 'memory', values: { max_memories_per_type: 20 } });
    await page.getByRole('button', { name: 'Clear…' }).click();
    dialog = page.getByRole('dialog', { name: 'Clear fact memories' });
    await dialog.getByTestId('clear-preview').getByText('2 memories would be removed').waitFor();
    expect((await harness.studio.memory.list({ type: 'fact' })).total).toBe(22);
    await dialog.getByLabel('Everything in fact memories').check();
    await dialog.getByTestId('clear-preview').getByText('22 memories would be removed').waitFor();
    await dialog.getByText('Fact number 1 about the project').first().waitFor();
    await harness.screenshot('memory-clear-preview');
    expect((await harness.studio.memory.list({ type: 'fact' })).total).toBe(22);

    await dialog.getByRole('button', { name: 'Remove 22' }).click();
    await page.getByText('No fact memories').waitFor();
    expect((await harness.studio.memory.list({ type: 'fact' })).total).toBe(0);
    expect((await harness.studio.memory.list({ type: 'profile' })).total).toBe(1);
    expect(harness.problems).toEqual([]);
  });
});
