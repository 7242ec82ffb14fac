import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasChromium } from './support/chromium';
import { useHarness, type Harness } from './support/harness';

const everything = fileURLToPath(
  new URL('../../../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url),
);

describe.skipIf(!hasChromium)('MCP servers in the browser', () => {
  let harness: Harness;
  useHarness({}, (started) => {
    harness = started;
  });

  it('adds a server, shows it connected with its tools, disables and enables it, and tries a tool', async () => {
    const { page } = harness;
    await harness.open('#/config?section=tools');
    await page.getByText('No MCP servers yet').waitFor();
    const form = page.getByRole('form', { name: 'Add an MCP server' });
    await form.getByLabel('Name').fill('everything');
    await form.getByLabel('Command').fill(process.execPath);
    await form.getByLabel('Arguments').fill(`${everything} stdio`);
    await form.getByLabel('Environment').fill('SECRET_KEY=hidden-value');
    await form.getByRole('button', { name: 'Add server' }).click();

    await page.getByText(/connected · \d+ tools/).waitFor({ timeout: 20_000 });
    expect(harness.studio.config.section('tools').mcp_servers[0]?.env).toEqual({ SECRET_KEY: 'hidden-value' });
    expect(await page.content()).not.toContain('hidden-value');

    const enabled = page.getByRole('checkbox', { name: 'Enabled' });
    await enabled.uncheck();
    await page.getByText('disabled', { exact: true }).waitFor();
    await expect.poll(() => harness.studio.tools.hub.statuses()[0]?.state).toBe('disabled');
    await enabled.check();
    await page.getByText(/connected · \d+ tools/).waitFor({ timeout: 20_000 });
    // Toggling sent the masked secret back; the real one stays in force.
    expect(harness.studio.config.section('tools').mcp_servers[0]?.env).toEqual({ SECRET_KEY: 'hidden-value' });

    const echo = page.locator('li', { has: page.getByText('echo', { exact: true }) }).last();
    await echo.getByRole('button', { name: 'Try' }).click();
    await echo.getByRole('textbox').fill('{"message":"hello from the browser"}');
    await echo.getByRole('button', { name: 'Run' }).click();
    await echo.getByText('Echo: hello from the browser').waitFor();
    await harness.screenshot('mcp-servers');
  }, 60_000);
});
