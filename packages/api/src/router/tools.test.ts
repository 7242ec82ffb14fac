import { createConsoleLogger, createStudio, type Studio } from '@studio/core';
import { SECRET_MASK } from '@studio/shared';
import { TRPCError } from '@trpc/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCaller } from '../root';

const everything = fileURLToPath(
  new URL('../../../../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url),
);

describe('tools procedures over the real core graph and a real MCP server', () => {
  let dataDir: string;
  let studio: Studio;
  let caller: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'studio-api-tools-'));
    studio = await createStudio({ dataDir, logger: createConsoleLogger('silent'), watchConfig: false });
    caller = createCaller({ studio, authorized: true });
    await caller.config.update({
      section: 'tools',
      values: {
        mcp_servers: [
          {
            name: 'everything',
            transport: 'stdio',
            command: process.execPath,
            args: [everything, 'stdio'],
            env: { EVERYTHING_TOKEN: 'token-never-shown' },
          },
        ],
      },
    });
    await vi.waitFor(async () => expect((await caller.tools.list({})).servers[0]?.state).toBe('connected'), {
      timeout: 20_000,
      interval: 50,
    });
  }, 30_000);

  afterAll(async () => {
    await studio.close(500);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists built-in and MCP tools, and the server state in tools.list and health', async () => {
    const listed = await caller.tools.list({});
    expect(listed.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ server: 'builtin', name: 'calculator', inputSchema: expect.any(Object) }),
        expect.objectContaining({ server: 'everything', name: 'echo', status: 'connected' }),
      ]),
    );
    expect(listed.servers).toEqual([expect.objectContaining({ name: 'everything', state: 'connected' })]);
    expect((await caller.health()).components.tools).toEqual({
      status: 'ok',
      detail: expect.stringContaining('1/1 MCP servers connected'),
    });
  });

  it('runs a built-in and an MCP tool; bad input and unknown tools are clear errors', async () => {
    expect(await caller.tools.invoke({ server: 'everything', name: 'echo', input: { message: 'hi' } })).toEqual({
      content: [{ type: 'text', text: 'Echo: hi' }],
      isError: false,
    });
    const sum = await caller.tools.invoke({ server: 'builtin', name: 'calculator', input: { expression: '2+2' } });
    expect(sum).toEqual({ content: [{ type: 'text', text: expect.stringMatching(/\b4$/) }], isError: false });
    const bad = await caller.tools
      .invoke({ server: 'builtin', name: 'calculator', input: {} })
      .catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(TRPCError);
    expect((bad as TRPCError).code).toBe('BAD_REQUEST');
    const missing = await caller.tools
      .invoke({ server: 'nowhere', name: 'echo', input: {} })
      .catch((error: unknown) => error);
    expect((missing as TRPCError).code).toBe('NOT_FOUND');
  });

  it('never returns env or header values from config.get, config.section or config.update', async () => {
    const config = await caller.config.get();
    expect(config.tools.mcp_servers[0]?.env).toEqual({ EVERYTHING_TOKEN: SECRET_MASK });
    expect(JSON.stringify(await caller.config.section({ section: 'tools' }))).not.toContain('token-never-shown');
    const updated = await caller.config.update({
      section: 'tools',
      values: { mcp_servers: config.tools.mcp_servers.map((server) => ({ ...server, timeout_seconds: 40 })) },
    });
    expect(JSON.stringify(updated)).not.toContain('token-never-shown');
    expect(studio.config.section('tools').mcp_servers[0]?.env).toEqual({ EVERYTHING_TOKEN: 'token-never-shown' });
  });
});
