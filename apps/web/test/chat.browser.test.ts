import { buildPdf } from '@studio/testing';
import { describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium';
import { addFile, recordTexts, useHarness, type Harness } from './support/harness';

const handbook = buildPdf([
  { lines: ['Welcome to Acme.', 'The office opens at nine and the canteen serves lunch from noon.'] },
  { lines: ['Leaving the company.', 'Employees must give a notice period of thirty days before leaving Acme.'] },
]);

const LONG_REPLY = Array.from({ length: 400 }, (_, index) => `word${index}`).join(' ');

describe.skipIf(!hasChromium)('chat in the browser (with a language model)', () => {
  let harness: Harness;
  useHarness(
    {
      llm: {
        // Like a real model: cites the numbered source that holds the notice period, token by token.
        respond: (request) => {
          const system = String(request.messages[0]?.content ?? '');
          const last = String(request.messages.at(-1)?.content ?? '');
          if (last.includes('essay')) return { content: LONG_REPLY, tokenDelayMs: 40 };
          const number = /\[(\d+)\] handbook\.pdf, page 2\n/.exec(system)?.[1] ?? '0';
          return { content: `Employees must give thirty days of notice [${number}].`, tokenDelayMs: 60 };
        },
      },
    },
    async (started) => {
      harness = started;
      await addFile(started, 'handbook.pdf', handbook);
    },
  );

  it('streams a cited answer and opens the cited passage at its page', async () => {
    const { page } = harness;
    await harness.open('#/chat');
    await page.getByText('Ask anything').waitFor();
    expect(await page.locator('.offline-banner').count()).toBe(0);
    await page.getByRole('button', { name: 'handbook.pdf' }).click();
    await page.getByLabel('Message', { exact: true }).fill('What is the notice period?');
    const texts = await recordTexts(page, '.message-assistant .message-text');
    await page.keyboard.press('Enter');

    await page.locator('.message-assistant .message-text[aria-busy="true"]').waitFor();
    await page
      .locator('.message-assistant')
      .getByText(/Employees must give thirty days of notice/)
      .waitFor();
    // The [n] marker became a chip naming its source.
    await page
      .locator('.message-assistant')
      .getByRole('button', { name: /^Source \d+: handbook\.pdf, page 2$/ })
      .waitFor();
    // Streaming: the answer grew word by word in the live region before it was whole.
    const seen = await texts();
    const whole = seen.at(-1) ?? '';
    const partial = seen.filter((text) => text.length > 0 && text.length < whole.length);
    expect(partial.length).toBeGreaterThanOrEqual(3);
    for (const text of partial) expect(whole.startsWith(text)).toBe(true);
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/chat\?session=/);
    await harness.screenshot('chat');

    await page.getByRole('button', { name: 'handbook.pdf, page 2', exact: true }).click();
    const viewer = page.getByRole('complementary', { name: 'handbook.pdf' });
    await viewer.getByText(/^Page 2/).waitFor();
    expect(await viewer.locator('blockquote').textContent()).toContain('thirty days');
    await viewer.locator('.pdf-page[data-state="ready"]').waitFor();
    await harness.screenshot('chat-citation');
    await viewer.getByRole('button', { name: 'Close source' }).click();

    // The conversation is listed and survives a reload.
    await page.reload();
    await page
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('link', { name: /notice period/i })
      .waitFor();
    await page
      .locator('.message-assistant')
      .getByText(/thirty days of notice/)
      .waitFor();
  });

  it('stops a long answer with the stop button', async () => {
    const { page } = harness;
    await page.getByRole('link', { name: 'New chat' }).click();
    await page.getByLabel('Message', { exact: true }).fill('Write a long essay about notice periods');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('.message-assistant [aria-busy="true"]').filter({ hasText: 'word3' }).waitFor();
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByText('Stopped.').waitFor();
    await page.getByRole('button', { name: 'Send' }).waitFor();
    const shown = (await page.locator('.message-assistant .message-text').last().textContent()) ?? '';
    expect(shown.length).toBeLessThan(LONG_REPLY.length);
    expect(harness.problems).toEqual([]);
  });
});
