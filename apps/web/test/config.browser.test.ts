import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium';
import { useHarness, type Harness } from './support/harness';

describe.skipIf(!hasChromium)('configuration in the browser', () => {
  let harness: Harness;
  useHarness({}, (started) => {
    harness = started;
  });

  it('checks a value against the shared schema before sending it', async () => {
    const { page } = harness;
    await harness.open('#/config?section=context');
    const size = page.getByLabel('Chunk size');
    await size.fill('50');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('[data-field="chunk_size"]').getByRole('alert').filter({ hasText: /100/ }).waitFor();
    expect(await size.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => size.inputValue()).toBe('1000');
    expect(await page.locator('[data-field="chunk_size"]').getByRole('alert').count()).toBe(0);
  });

  it('shows the server’s error at the field and does not apply the value', async () => {
    const { page } = harness;
    // The server answers 400 with field errors; the browser logs the status, which is expected here.
    harness.allowConsole(/status of 400/);
    const overlap = page.getByLabel('Chunk overlap');
    await overlap.fill('5000');
    await page.getByRole('button', { name: 'Save changes' }).click();

    const field = page.locator('[data-field="chunk_overlap"]');
    await field.getByRole('alert').filter({ hasText: 'chunk_overlap must be smaller than chunk_size' }).waitFor();
    expect(await overlap.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('config-context-chunk_overlap');
    expect(harness.studio.config.section('context').chunk_overlap).toBe(100);
    await harness.screenshot('config-field-error');
  });

  it('saves a good value that survives a reload', async () => {
    const { page } = harness;
    await page.getByLabel('Chunk overlap').fill('240');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Context saved').waitFor();
    expect(harness.studio.config.section('context').chunk_overlap).toBe(240);

    await page.reload();
    await expect.poll(() => page.getByLabel('Chunk overlap').inputValue()).toBe('240');
  });

  it('shows a hand edit of the file on disk live', async () => {
    const { page } = harness;
    await harness.open('#/config?section=planner');
    await expect.poll(() => page.getByLabel('Max tasks per request').inputValue()).toBe('10');
    writeFileSync(join(harness.dataDir, 'config', 'planner.yaml'), 'max_tasks_per_request: 3\n');
    await expect.poll(() => page.getByLabel('Max tasks per request').inputValue(), { timeout: 10_000 }).toBe('3');
    await page.getByText('Planner changed on disk').waitFor();
    await harness.screenshot('config');

    // An invalid hand edit is refused: the form keeps the values in force and says why.
    writeFileSync(join(harness.dataDir, 'config', 'planner.yaml'), 'max_tasks_per_request: 0\n');
    await page
      .getByRole('alert')
      .filter({ hasText: 'The last edit of planner.yaml was refused' })
      .waitFor({ timeout: 10_000 });
    expect(await page.getByLabel('Max tasks per request').inputValue()).toBe('3');
    expect(harness.problems).toEqual([]);
  });
});
