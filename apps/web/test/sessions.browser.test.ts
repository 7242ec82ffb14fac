import { describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium';
import { useHarness, type Harness } from './support/harness';

const LONG_ANSWER = Array.from({ length: 120 }, (_, index) => `Line ${index} of a long answer.`).join('\n\n');

describe.skipIf(!hasChromium)('conversations: titles, search, rename, delete with undo, where the view lands', () => {
  let harness: Harness;
  useHarness(
    {
      llm: {
        respond: (request) =>
          String(request.messages.at(-1)?.content ?? '').includes('long')
            ? { content: LONG_ANSWER }
            : { content: 'A short answer.' },
      },
    },
    (started) => {
      harness = started;
    },
  );
  const list = () => harness.page.getByRole('navigation', { name: 'Conversations' });

  it('titles each conversation from its first question, lists it once, and finds it by search', async () => {
    const { page } = harness;
    await harness.open('#/chat');
    for (const question of ['Where is the budget file?', 'Plan the team offsite']) {
      await page.getByRole('link', { name: 'New chat' }).click();
      await page.getByLabel('Message', { exact: true }).fill(question);
      await page.keyboard.press('Enter');
      await page.locator('.message-assistant').getByText('A short answer.').waitFor();
      await list()
        .getByRole('link', { name: new RegExp(question.slice(0, 12)) })
        .waitFor();
    }
    // A follow-up moves the session to the top: still one entry for it.
    await page.getByLabel('Message', { exact: true }).fill('And the venue?');
    await page.keyboard.press('Enter');
    await page.locator('.message-assistant').nth(1).getByText('A short answer.').waitFor();
    await expect
      .poll(() =>
        list()
          .getByRole('link', { name: /Plan the team offsite/ })
          .count(),
      )
      .toBe(1);
    expect(await list().locator('li.session').count()).toBe(2);

    await page.getByLabel('Search conversations').fill('BUDGET');
    await expect.poll(() => list().locator('li.session').count()).toBe(1);
    await list()
      .getByRole('link', { name: /Where is the budget file/ })
      .waitFor();
    await page.getByLabel('Search conversations').fill('nothing like this');
    await list()
      .getByText(/No conversation titled like/)
      .waitFor();
    await page.getByLabel('Search conversations').fill('');
    await expect.poll(() => list().locator('li.session').count()).toBe(2);
  });

  it('renames a conversation in place, and the new title survives a reload', async () => {
    const { page } = harness;
    await list().getByRole('button', { name: 'Rename “Plan the team offsite”' }).click();
    const field = page.getByLabel('Conversation title');
    await field.fill('Offsite 2027');
    await field.press('Enter');
    await list()
      .getByRole('link', { name: /Offsite 2027/ })
      .waitFor();
    await page.reload();
    await list()
      .getByRole('link', { name: /Offsite 2027/ })
      .waitFor();
    // Escape leaves the title as it was.
    await list().getByRole('button', { name: 'Rename “Offsite 2027”' }).click();
    await page.getByLabel('Conversation title').fill('Not this');
    await page.getByLabel('Conversation title').press('Escape');
    await list()
      .getByRole('link', { name: /Offsite 2027/ })
      .waitFor();
    expect(await list().getByText('Not this').count()).toBe(0);
  });

  it('deletes a conversation at once and brings it back with Undo', async () => {
    const { page } = harness;
    await list().getByRole('button', { name: 'Delete “Where is the budget file?”' }).click();
    await expect
      .poll(() =>
        list()
          .getByRole('link', { name: /budget file/ })
          .count(),
      )
      .toBe(0);
    expect((await harness.studio.chat.sessions()).items.map((item) => item.title)).not.toContain(
      'Where is the budget file?',
    );
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await list()
      .getByRole('link', { name: /budget file/ })
      .waitFor();
    expect((await harness.studio.chat.sessions()).items.map((item) => item.title)).toContain(
      'Where is the budget file?',
    );
  });

  it('opens a conversation on its last question and the top of its answer, not scrolled to the end', async () => {
    const { page } = harness;
    await page.getByRole('link', { name: 'New chat' }).click();
    await page.getByLabel('Message', { exact: true }).fill('Write a long answer please');
    await page.keyboard.press('Enter');
    await page.locator('.message-assistant').getByText('Line 119 of a long answer.').waitFor();
    const inView = async (selector: string) => {
      const thread = await page.locator('.thread').boundingBox();
      const target = await page.locator(selector).last().boundingBox();
      return Boolean(thread && target && target.y >= thread.y - 1 && target.y < thread.y + thread.height);
    };
    expect(await inView('.message-user')).toBe(true);
    await page.reload();
    await page.locator('.message-assistant').getByText('Line 0 of a long answer.').waitFor();
    await expect.poll(() => inView('.message-user')).toBe(true);
    // The top of the answer is on screen too, its end is not.
    expect(await page.getByText('Line 0 of a long answer.').isVisible()).toBe(true);
    const thread = await page.locator('.thread').boundingBox();
    const end = await page.getByText('Line 119 of a long answer.').boundingBox();
    expect(thread && end && end.y > thread.y + thread.height).toBe(true);
    await harness.screenshot('chat-opens-on-question');
    expect(harness.problems).toEqual([]);
  });
});
