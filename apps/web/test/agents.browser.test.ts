import { describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium';
import { addFile, recordAttribute, useHarness, type Harness } from './support/harness';

describe.skipIf(!hasChromium)('plans and agents in the browser (offline mode)', () => {
  let harness: Harness;
  useHarness({}, async (started) => {
    harness = started;
    await addFile(
      started,
      'alpha.txt',
      Buffer.from('Project Alpha launches in May 2027. The launch date was agreed by the board after a long review.'),
    );
    await addFile(
      started,
      'beta.txt',
      Buffer.from('The budget of Project Beta is 40,000 euros. The budget covers hardware only, not salaries.'),
    );
  });

  it('says clearly that it is offline, and draws the plan of a multi-part request live', async () => {
    const { page } = harness;
    await harness.open('#/chat');
    await page.locator('.offline-banner').getByText('Offline mode').waitFor();
    await page
      .getByLabel('Message', { exact: true })
      .fill('First, when does Project Alpha launch? Then, what is the budget of Project Beta?');
    const statuses = await recordAttribute(page, 'data-status');
    await page.getByRole('button', { name: 'Send' }).click();

    const plan = page.getByRole('region', { name: 'Plan of this answer' });
    const graph = plan.getByRole('img', { name: 'Plan graph with 2 tasks' });
    await graph.waitFor();
    await page.locator('.message-assistant').getByText('Project Alpha launches in May 2027').first().waitFor();
    await expect.poll(() => graph.locator('.plan-node[data-status="completed"]').count()).toBe(2);
    expect(await graph.locator('path.plan-edge[data-from="task_1"][data-to="task_2"]').count()).toBe(1);
    // The graph was drawn before the tasks finished and redrawn as they moved on, not only once at
    // the end. (Offline tasks can go from running to completed within one frame, so which
    // intermediate states reach the screen varies; that one did is what matters.)
    const seen = await statuses();
    expect(seen.at(-1)).toBe('completed');
    expect(seen.some((status) => status === 'pending' || status === 'running')).toBe(true);
    await harness.screenshot('chat-plan');
  });

  it('shows the run on the Agents screen: graph, each agent’s steps, and the monitor', async () => {
    const { page } = harness;
    await plan(page);
    const graph = page.getByRole('img', { name: 'Plan graph with 2 tasks' });
    await graph.waitFor();
    expect(await graph.locator('.plan-node').count()).toBe(2);
    expect(await graph.locator('path.plan-edge').count()).toBe(1);
    const agents = page.getByRole('region', { name: 'Agents' });
    await expect.poll(() => agents.locator('.agent').count()).toBe(2);
    await agents.locator('.step-tool_call code', { hasText: 'search_files' }).first().waitFor();
    const monitor = page.getByRole('region', { name: 'Monitor' });
    await monitor.getByText('Tasks done').waitFor();
    await monitor.getByText('2 / 2').waitFor();
    // Samples arrived live while the run went on, so resource use is charted over time.
    await monitor.getByRole('img', { name: /^Memory \(RSS\): now [\d.]+ MB/ }).waitFor();
    await monitor.getByRole('img', { name: /^CPU \(share of the machine\): now [\d.]+ %/ }).waitFor();
    await monitor.getByRole('progressbar', { name: 'Tokens used of the budget' }).waitFor();
    await page.getByRole('group', { name: 'Task details' }).getByRole('button').first().click();
    await page.locator('#task-title').waitFor();
    await harness.screenshot('agents');

    // A reload loses the live events but not the run: it is read back from the server.
    await page.reload();
    await page.getByRole('img', { name: 'Plan graph with 2 tasks' }).waitFor();
    expect(await page.locator('.plan-node[data-status="completed"]').count()).toBe(2);
    expect(harness.problems).toEqual([]);
  });
});

async function plan(page: Harness['page']): Promise<void> {
  await page.getByRole('link', { name: 'Open in Agents' }).click();
  await page.waitForURL(/#\/agents\?execution=/);
}
