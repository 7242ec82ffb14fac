import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { STUDIO_MCP_TOOLS } from '@studio/core';
import { buildPdf } from '@studio/testing';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStudio, uploadAndIndex, type TestStudio } from './helpers';

const TOKEN = 'mcp-token';
const studioBin = fileURLToPath(new URL('../../../packages/client/bin/studio.js', import.meta.url));

const handbook = buildPdf([
  { lines: ['Welcome to Acme.', 'The office opens at nine and the canteen serves lunch from noon.'] },
  { lines: ['Leaving the company.', 'Employees must give a notice period of thirty days before leaving Acme.'] },
]);

/** Connects the SDK's own client, lists the tools and searches the uploaded PDF. */
async function listAndSearch(transport: Transport): Promise<{ names: string[]; hits: unknown }> {
  const client = new Client({ name: 'studio-test', version: '1.0.0' });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    const result = await client.callTool({ name: 'search_files', arguments: { query: 'notice period', k: 3 } });
    expect(result.isError).toBeFalsy();
    return { names: tools.map((tool) => tool.name), hits: (result.structuredContent as { hits: unknown }).hits };
  } finally {
    await client.close();
  }
}

const expectedHit = {
  file: 'handbook.pdf',
  page: 2,
  text: expect.stringContaining('notice period of thirty days'),
};

describe('the studio as an MCP server', () => {
  let app: TestStudio;

  beforeAll(async () => {
    app = await startTestStudio({ token: TOKEN });
    await uploadAndIndex(app, 'handbook.pdf', handbook, TOKEN);
  }, 60_000);
  afterAll(() => app.close());

  it('POST /mcp: the SDK client lists the six tools and search_files returns the page of the uploaded PDF', async () => {
    const { names, hits } = await listAndSearch(
      new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
      }),
    );
    expect(names.sort()).toEqual([...STUDIO_MCP_TOOLS].sort());
    expect((hits as unknown[])[0]).toMatchObject(expectedHit);
  });

  it('studio mcp (stdio): the SDK client gets the same six tools and hits, the token coming from the env', async () => {
    const { names, hits } = await listAndSearch(
      new StdioClientTransport({
        command: process.execPath,
        args: [studioBin, 'mcp', '--url', app.url],
        env: { ...getDefaultEnvironment(), STUDIO_API_TOKEN: TOKEN },
        stderr: 'pipe',
      }),
    );
    expect(names.sort()).toEqual([...STUDIO_MCP_TOOLS].sort());
    expect((hits as unknown[])[0]).toMatchObject(expectedHit);
  });

  it('runs the other tools: list_files, read_chunk, save_memory, recall_memory and ask (with citations)', async () => {
    const client = new Client({ name: 'studio-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
      }),
    );
    const call = async (name: string, args: Record<string, unknown> = {}) => {
      const result = await client.callTool({ name, arguments: args });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      return result.structuredContent as Record<string, unknown>;
    };
    expect(await call('list_files')).toMatchObject({ files: [{ name: 'handbook.pdf', status: 'completed' }] });
    const search = (await call('search_files', { query: 'canteen lunch' })) as { hits: { chunkId: string }[] };
    const chunkId = search.hits[0]?.chunkId ?? '';
    expect(await call('read_chunk', { chunkId })).toMatchObject({ file: 'handbook.pdf', chunkId });
    await call('save_memory', { content: 'The user prefers green tea.' });
    expect(await call('recall_memory', { query: 'green tea' })).toMatchObject({
      memories: [{ content: 'The user prefers green tea.' }],
    });
    const answer = await call('ask', { question: 'What notice period must employees give before leaving Acme?' });
    expect(answer.answer).toEqual(expect.stringContaining('thirty days'));
    expect(answer.citations).toEqual(expect.arrayContaining([expect.objectContaining({ fileName: 'handbook.pdf' })]));
    await client.close();
  }, 60_000);

  it('follows the studio auth and Host rules: no token is 401, a foreign Host is refused', async () => {
    const client = new Client({ name: 'studio-test', version: '1.0.0' });
    await expect(client.connect(new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`)))).rejects.toThrow(
      /UNAUTHORIZED/,
    );
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const url = new URL(`${app.url}/mcp`);
      const outgoing = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/mcp',
          method: 'POST',
          headers: {
            Host: 'evil.example',
            Authorization: `Bearer ${TOKEN}`,
            'Content-Type': 'application/json',
            Accept: 'application/json, text/event-stream',
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      );
      outgoing.once('error', reject);
      outgoing.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }));
    });
    expect(status).toBe(403);
  });
});
