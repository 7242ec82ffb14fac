import { buildPdf } from '@studio/testing';
import { describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium';
import { recordAttribute, useHarness, type Harness } from './support/harness';

describe.skipIf(!hasChromium)('files in the browser', () => {
  let harness: Harness;
  useHarness({}, (started) => {
    harness = started;
  });

  it('uploads through the file picker and follows the progress bar to done', async () => {
    const { page } = harness;
    await harness.open('#/files');
    await page.getByText('No files yet').waitFor();
    const pdf = buildPdf([
      { lines: ['Quarterly report', 'Revenue grew in every region.'] },
      { lines: ['Appendix', 'The lighthouse keeper is named Orla Brennan.'] },
    ]);
    const stages = await recordAttribute(page, 'data-stage');
    await page.getByLabel('Choose files to upload').setInputFiles([
      { name: 'report.pdf', mimeType: 'application/pdf', buffer: pdf },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Meeting notes: the launch moves to March.\n') },
    ]);

    const row = page.getByRole('listitem', { name: 'report.pdf' });
    const bar = row.getByRole('progressbar', { name: 'report.pdf progress' });
    await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 30_000 }).toBe('100');
    await row.getByText('Ready', { exact: true }).waitFor();
    await row.locator('[data-stage="done"]').waitFor();
    await page
      .getByRole('listitem', { name: 'notes.txt' })
      .getByText('Ready', { exact: true })
      .waitFor({ timeout: 30_000 });
    // The bars moved through the pipeline's stages as events arrived, not just from start to end.
    const seen = await stages();
    expect(seen).toEqual(expect.arrayContaining(['extracting', 'chunking', 'embedding', 'indexing', 'done']));
    await harness.screenshot('files');
  });

  it('shows why a file failed and lets the user delete it', async () => {
    const { page } = harness;
    await page.getByLabel('Choose files to upload').setInputFiles([
      {
        name: 'broken.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.7\nthis is not really a pdf\n'),
      },
    ]);
    const row = page.getByRole('listitem', { name: 'broken.pdf' });
    await row.getByText('Failed', { exact: true }).waitFor({ timeout: 30_000 });
    const reason = await row.getByRole('alert').textContent();
    expect(reason?.trim().length).toBeGreaterThan(5);
    await harness.screenshot('files-failed');
    await row.getByRole('button', { name: 'Delete broken.pdf' }).click();
    await row.waitFor({ state: 'detached' });
  });

  it('accepts files dropped onto the drop zone', async () => {
    const { page } = harness;
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(
        new File(['Dropped notes: the budget review is on Friday.\n'], 'dropped.md', { type: 'text/markdown' }),
      );
      const zone = document.querySelector('.drop-zone');
      zone?.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone?.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await page
      .getByRole('listitem', { name: 'dropped.md' })
      .getByText('Ready', { exact: true })
      .waitFor({ timeout: 30_000 });
  });

  it('searches the files and opens a hit at its page', async () => {
    const { page } = harness;
    await page.getByLabel('Search files').fill('lighthouse keeper');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const hit = page
      .getByRole('list', { name: 'Search results' })
      .getByRole('button')
      .filter({ hasText: 'lighthouse' })
      .first();
    await hit.waitFor();
    expect(await hit.textContent()).toContain('report.pdf');
    await hit.click();
    const dialog = page.getByRole('dialog', { name: 'report.pdf' });
    await dialog.getByText('Page 2').waitFor();
    await harness.screenshot('files-passage');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(harness.problems).toEqual([]);
  });
});
