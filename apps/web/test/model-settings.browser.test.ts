import { startFakeLlm, type FakeLlmServer } from '@studio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium';
import { useHarness, type Harness } from './support/harness';

const KEY = 'sk-browser-secret-42';

describe.skipIf(!hasChromium)('model settings in the app (two fake OpenAI-compatible servers)', () => {
  let harness: Harness;
  let second: FakeLlmServer;
  const bodies: string[] = [];
  beforeAll(async () => {
    second = await startFakeLlm({ respond: () => ({ content: 'Answer from the second model.' }) });
  });
  afterAll(async () => {
    await second.stop();
  });
  useHarness({ llm: { respond: () => ({ content: 'Answer from the first model.' }) } }, (started) => {
    harness = started;
    // Every answer the page receives, to prove the key never comes back.
    started.page.on('response', (response) => {
      void response.text().then(
        (text) => bodies.push(text),
        () => undefined,
      );
    });
    started.page.on('websocket', (socket) => socket.on('framereceived', (frame) => bodies.push(String(frame.payload))));
  });

  const ask = async (question: string, expected: string | RegExp) => {
    const { page } = harness;
    await harness.open('#/chat');
    await page.getByLabel('Message', { exact: true }).fill(question);
    await page.keyboard.press('Enter');
    await page.locator('.message-assistant').getByText(expected).first().waitFor();
  };

  it('switching the base URL in the app switches the model that answers, without a restart; the key is never sent back', async () => {
    const { page } = harness;
    await ask('Who answers?', 'Answer from the first model.');

    await harness.open('#/config?section=llm');
    await page.getByRole('heading', { name: 'Model', exact: true }).waitFor();
    await page
      .getByLabel('Model in force')
      .getByText(/from the environment/)
      .first()
      .waitFor();
    // The harness gives the environment's model a key: shown as set, never as its value.
    expect(await page.getByTestId('api-key-state').textContent()).toBe('set');
    await page
      .getByLabel('Model in force')
      .getByText(/API key set \(from the environment\)/)
      .waitFor();

    await page.getByLabel('Base URL').fill(second.url);
    await page.getByLabel('API key').fill(KEY);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByRole('status').getByText(`Connected to ${second.url}: 1 model.`).waitFor();
    await page.getByRole('list', { name: 'Models offered' }).getByRole('button', { name: 'fake-model' }).click();
    expect(await page.getByLabel('Model', { exact: true }).inputValue()).toBe('fake-model');
    await page.getByRole('form', { name: 'Model settings' }).getByRole('button', { name: 'Save' }).click();
    await page.getByText('Model settings saved').waitFor();
    await page
      .getByLabel('Model in force')
      .getByText(/API key set \(from these settings\)/)
      .waitFor();
    expect(await page.getByLabel('API key').inputValue()).toBe('');
    await page.getByLabel('Model in force').getByText(`fake-model at ${second.url}`).waitFor();
    await harness.screenshot('settings-model');

    await ask('Who answers now?', 'Answer from the second model.');
    expect(second.requests.at(-1)?.model).toBe('fake-model');

    await page.reload();
    await harness.open('#/config?section=llm');
    await page.getByLabel('Base URL').waitFor();
    expect(await page.getByLabel('Base URL').inputValue()).toBe(second.url);
    expect(bodies.length).toBeGreaterThan(10);
    expect(bodies.filter((body) => body.includes(KEY))).toEqual([]);
  });

  it('a failed connection test says why', async () => {
    const { page } = harness;
    await page.getByLabel('Base URL').fill('http://127.0.0.1:9/v1');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText(/Connection failed: .*could not reach http:\/\/127\.0\.0\.1:9\/v1\/models/).waitFor();
  });

  it('with the model down, the answer falls back to the files and the banner says the model is not answering', async () => {
    const { page } = harness;
    harness.allowConsole(/Failed to load resource/);
    await harness.studio.config.update({ section: 'llm', values: { base_url: 'http://127.0.0.1:9/v1' } });
    await ask('Is anyone there?', /The language model did not answer/);
    const banner = page.locator('.offline-banner');
    await banner.getByText('The language model is not answering').waitFor();
    expect(await banner.getAttribute('data-reason')).toBe('down');
    expect(await banner.textContent()).not.toContain('no language model is configured');
    await harness.screenshot('chat-model-down');
  });
});
