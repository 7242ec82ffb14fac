import { describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium';
import { recordAttribute, useHarness, type Harness } from './support/harness';

const REPLY = Array.from({ length: 120 }, (_, index) => `token${index}`).join(' ');

describe.skipIf(!hasChromium)('reconnecting after a server restart', () => {
  let harness: Harness;
  useHarness({ llm: { respond: () => ({ content: REPLY, tokenDelayMs: 25 }) } }, async (started) => {
    harness = started;
    // While the server is down the browser logs refused connections; that is expected here.
    started.allowConsole(/ERR_CONNECTION_REFUSED|WebSocket connection to .* failed|Failed to load resource/);
  });

  it('keeps live file progress flowing on the open page after the server restarts', async () => {
    const { page } = harness;
    await harness.open('#/files');
    await page.getByText('No files yet').waitFor();
    await page.getByText('All systems ok').waitFor();

    await harness.restart();
    await page.getByText('All systems ok').waitFor({ timeout: 20_000 });

    // No reload: the existing events.files subscription was resumed over the new connection,
    // so the bar passes through the pipeline's stages (a poll would only see the end).
    const stages = await recordAttribute(page, 'data-stage');
    await page
      .getByLabel('Choose files to upload')
      .setInputFiles([
        { name: 'after-restart.txt', mimeType: 'text/plain', buffer: Buffer.from('Uploaded after the restart.\n') },
      ]);
    const row = page.getByRole('listitem', { name: 'after-restart.txt' });
    // Running steps show an indeterminate bar, and no bar is left once the file is done.
    await row.getByText('Ready', { exact: true }).waitFor({ timeout: 30_000 });
    await row.locator('[data-stage="done"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => row.getByRole('progressbar').count(), { timeout: 30_000 }).toBe(0);
    const seen = await stages();
    expect(seen.at(-1)).toBe('done');
    expect(seen.some((stage) => ['extracting', 'chunking', 'embedding', 'indexing'].includes(stage))).toBe(true);
  });

  it('settles an answer that was streaming when the server restarted, without a raw error', async () => {
    const { page } = harness;
    await harness.open('#/chat');
    await page.getByLabel('Message', { exact: true }).fill('Tell me a long story');
    await page.keyboard.press('Enter');
    await page.locator('.message-assistant [aria-busy="true"]').filter({ hasText: 'token5' }).waitFor();

    await harness.restart();
    await page.getByRole('button', { name: 'Send' }).waitFor({ timeout: 20_000 });
    const text = (await page.locator('.message-assistant').last().textContent()) ?? '';
    // Either the answer finished before the restart (and is shown whole) or the user is told it was interrupted.
    // The kept partial answer (marked interrupted, with Retry) or the resume error tells the user.
    if (!text.includes('token119'))
      await page
        .getByText(
          /The server restarted before this answer was finished|Interrupted: the server stopped before this answer finished/,
        )
        .first()
        .waitFor();
    await harness.screenshot('chat-after-restart');
    expect(harness.problems).toEqual([]);
  });
});
