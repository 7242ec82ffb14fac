import { readFileSync } from 'node:fs';
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
    await row.getByText('Ready', { exact: true }).waitFor({ timeout: 30_000 });
    await row.locator('[data-stage="done"]').waitFor({ timeout: 30_000 });
    // Once done, no bar is left half full beside it.
    expect(await row.getByRole('progressbar').count()).toBe(0);
    await page
      .getByRole('listitem', { name: 'notes.txt' })
      .getByText('Ready', { exact: true })
      .waitFor({ timeout: 30_000 });
    // The bars moved through the pipeline's stages as events arrived, not just from start to end.
    const seen = await stages();
    // Events that arrive within one frame render once, so under load a short stage can be skipped on screen;
    // at least two of the running stages must still show.
    const running = new Set(
      seen.filter((stage) => ['extracting', 'chunking', 'embedding', 'indexing'].includes(stage)),
    );
    expect(running.size).toBeGreaterThanOrEqual(2);
    expect(seen).toContain('done');
    // The semantic phase shows as a step of its own, with its real percentage, before done.
    expect(seen.indexOf('semantic')).toBeLessThan(seen.lastIndexOf('done'));
    await harness.screenshot('files');
  });

  it('names the type, pages, passages, size and upload time of each file, and downloads the original', async () => {
    const { page } = harness;
    const row = page.getByRole('listitem', { name: 'report.pdf' });
    const details = await row.locator('.file-details').textContent();
    expect(details).toMatch(/PDF/);
    expect(details).toMatch(/2 pages/);
    expect(details).toMatch(/\d+ passages?/);
    expect(details).toMatch(/\d+(\.\d)? KB|\d+ B/);
    expect(details).toMatch(/uploaded (just now|\d+ minutes? ago)/);
    expect(details).not.toContain('application/');
    const download = page.waitForEvent('download');
    await row.getByRole('button', { name: 'Download report.pdf' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('report.pdf');
    const path = await file.path();
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('deletes a file only after a confirmation', async () => {
    const { page } = harness;
    const row = page.getByRole('listitem', { name: 'notes.txt' });
    await row.getByRole('button', { name: 'Delete notes.txt' }).click();
    const confirm = row.getByRole('group', { name: 'Delete notes.txt?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await harness.studio.files.status((await row.getAttribute('data-file-id')) ?? '')).toBeTruthy();
    await row.getByRole('button', { name: 'Delete notes.txt' }).click();
    await harness.screenshot('files-delete-confirm');
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await row.waitFor({ state: 'detached' });
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
    await row.getByRole('button', { name: 'Delete', exact: true }).click();
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
    await dialog.getByText(/^Page 2 · result \d+ of \d+/).waitFor();
    await dialog.locator('.pdf-page[data-state="ready"]').waitFor();
    await harness.screenshot('files-passage');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(harness.problems).toEqual([]);
  });
});
