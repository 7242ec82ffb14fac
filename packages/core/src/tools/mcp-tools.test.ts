import type { McpServerConfig, PlanTask } from '@studio/shared';
import { SECRET_MASK } from '@studio/shared';
import { startFakeLlm, type ChatRequest, type FakeLlmServer, type FakeReply } from '@studio/testing';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTools } from '../agents/tools/tool-registry';
import { AgentHarness } from '../agents/test-support/harness';
import type { AgentTool } from '../agents/tools/tool';
import { OpenAILanguageModel } from '../llm/openai-language-model';
import { createConsoleLogger } from '../logger';
import { McpHub } from './mcp-hub';
import { CRASHING_SERVER, EVERYTHING_SERVER } from './test-support/everything-server';
import { startHttpMcpServer, type TestHttpMcpServer } from './test-support/http-mcp-server';
import { ToolService } from './tool-service';

type Script = (request: ChatRequest) => FakeReply;

const toolResults = (request: ChatRequest) => request.messages.filter((message) => message.role === 'tool');
const isPlanner = (request: ChatRequest) => request.response_format?.json_schema?.name === 'plan';

function task(id: string, tools: string[]): PlanTask {
  return {
    id,
    name: `Task ${id}`,
    description: `Use the tools for ${id}`,
    dependencies: [],
    expectedOutput: 'the tool results',
    successCriteria: 'uses the tools',
    assignedAgent: 'researcher',
    complexity: 2,
    tools,
  };
}

describe('MCP servers as agent tools: server-everything over stdio and our own Streamable HTTP server', () => {
  let harness: AgentHarness;
  let hub: McpHub;
  let web: TestHttpMcpServer;
  let llm: FakeLlmServer;
  let model: OpenAILanguageModel;
  let script: Script;
  let tools: ToolService;

  const servers = (): McpServerConfig[] => [
    {
      name: 'everything',
      enabled: true,
      transport: 'stdio',
      ...EVERYTHING_SERVER,
      env: { STUDIO_TEST_SECRET: 's3cret-value' },
      headers: {},
      allowed_tools: ['echo', 'get-sum', 'get-env'],
      timeout_seconds: 20,
    },
    {
      name: 'local',
      enabled: true,
      transport: 'http',
      url: web.url,
      args: [],
      env: {},
      headers: { Authorization: 'Bearer http-secret' },
      timeout_seconds: 1,
    },
    {
      name: 'crashy',
      enabled: true,
      transport: 'stdio',
      ...CRASHING_SERVER,
      env: {},
      headers: {},
      timeout_seconds: 20,
    },
  ];

  const connected = () =>
    vi.waitFor(
      () =>
        expect(hub.statuses().map((status) => `${status.name}:${status.state}`)).toEqual([
          'everything:connected',
          'local:connected',
          'crashy:connected',
        ]),
      { timeout: 20_000, interval: 50 },
    );

  beforeAll(async () => {
    web = await startHttpMcpServer();
    llm = await startFakeLlm({ respond: (request) => script(request) });
    model = new OpenAILanguageModel({ baseURL: llm.url, model: 'fake', retry: { maxRetries: 0 } });
    let source: McpHub | undefined;
    harness = await AgentHarness.create({ external: { tools: (): AgentTool[] => source?.tools() ?? [] } });
    hub = new McpHub({
      config: harness.config,
      bus: harness.bus,
      logger: createConsoleLogger('silent'),
      backoff: { initialMs: 50, maxMs: 200 },
    });
    source = hub;
    hub.start();
    tools = new ToolService(buildTools({}), hub);
    await harness.config.update({ section: 'tools', values: { mcp_servers: servers() } });
    await connected();
  }, 30_000);

  afterAll(async () => {
    await hub.close();
    await harness.close();
    await web.close();
    await llm.stop();
  });

  it('lists built-in and MCP tools with their schemas, and offers agents only the allowed ones under unique names', () => {
    const listed = tools.list();
    expect(listed.items.find((item) => item.name === 'calculator')).toMatchObject({ server: 'builtin' });
    expect(listed.items.find((item) => item.server === 'everything' && item.name === 'echo')).toMatchObject({
      agentName: 'everything__echo',
      status: 'connected',
      inputSchema: { type: 'object', properties: { message: { type: 'string' } } },
    });
    // Listed for people, but outside allowed_tools: no agent name.
    const other = listed.items.find((item) => item.server === 'everything' && item.name === 'get-tiny-image');
    expect(other).toBeDefined();
    expect(other?.agentName).toBeUndefined();
    expect(
      hub
        .tools()
        .map((tool) => tool.name)
        .sort(),
    ).toEqual([
      'crashy__crash',
      'crashy__ping',
      'everything__echo',
      'everything__get-env',
      'everything__get-sum',
      'local__hang',
      'local__weather',
    ]);
    expect(hub.tools().find((tool) => tool.name === 'local__weather')?.inputSchema).toMatchObject({
      properties: { city: { type: 'string' } },
    });
    expect(listed.servers.find((server) => server.name === 'everything')?.toolCount).toBeGreaterThan(5);
    expect(hub.health()).toEqual({ status: 'ok', detail: expect.stringContaining('3/3 MCP servers connected') });
  });

  it('passes env and headers to the servers, and never hands the secrets out', async () => {
    const env = await tools.call({ server: 'everything', name: 'get-env', input: {} });
    expect(JSON.stringify(env.content)).toContain('s3cret-value');
    expect(web.authorizations).toContain('Bearer http-secret');
    const shown = harness.config.get().tools.mcp_servers;
    expect(shown[0]?.env).toEqual({ STUDIO_TEST_SECRET: SECRET_MASK });
    expect(shown[1]?.headers).toEqual({ Authorization: SECRET_MASK });
    expect(JSON.stringify(harness.config.get())).not.toContain('s3cret');

    // Sending back what config.get gave (masked) keeps the secrets: the same connections stay.
    const update = await harness.config.update({ section: 'tools', values: { mcp_servers: shown } });
    expect(JSON.stringify(update.values)).not.toContain('secret');
    expect(harness.config.section('tools').mcp_servers[0]?.env).toEqual({ STUDIO_TEST_SECRET: 's3cret-value' });
    expect(hub.statuses().every((status) => status.state === 'connected')).toBe(true);
  });

  it('runs a plan whose agent calls a tool of each server; the results reach the answer and the timeline', async () => {
    script = (request) => {
      if (isPlanner(request)) return { json: { tasks: [task('both', ['everything__echo', 'local__weather'])] } };
      const results = toolResults(request);
      if (results.length === 0)
        return {
          toolCalls: [
            { name: 'everything__echo', arguments: { message: 'hello from the plan' } },
            { name: 'local__weather', arguments: { city: 'Paris' } },
          ],
        };
      return { content: `Results: ${results.map((result) => String(result.content)).join(' | ')}` };
    };
    const plannerRequest = llm.requests.length;
    const result = await harness.run('Echo a greeting and tell me the weather in Paris, then combine both.', {
      model,
    });
    expect(result.reply).toContain('Echo: hello from the plan');
    expect(result.reply).toContain('Sunny in Paris, 21 °C');
    // The planner was told about the MCP tools, and the agent was offered their JSON schemas.
    expect(JSON.stringify(llm.requests[plannerRequest]?.messages)).toContain('local__weather');
    const agentRequest = llm.requests.find((request) => !isPlanner(request) && request.tools);
    expect(agentRequest?.tools?.map((tool) => tool.function.name).sort()).toEqual([
      'everything__echo',
      'local__weather',
    ]);
    expect(
      (
        agentRequest?.tools?.find((tool) => tool.function.name === 'local__weather')?.function as {
          parameters?: unknown;
        }
      )?.parameters,
    ).toMatchObject({ properties: { city: { type: 'string' } }, required: ['city'] });
    const calls = harness.steps.filter(
      (step) => step.executionId === result.executionId && step.status === 'tool_result',
    );
    expect(calls.map((step) => step.tool).sort()).toEqual(['everything__echo', 'local__weather']);
    expect(calls.find((step) => step.tool === 'local__weather')?.toolCall).toMatchObject({
      arguments: '{"city":"Paris"}',
      resultChars: 'Sunny in Paris, 21 °C'.length,
      durationMs: expect.any(Number),
    });
  });

  it('times a hanging tool out alone: the call fails clearly, the server and the plan go on', async () => {
    const started = Date.now();
    await expect(tools.call({ server: 'local', name: 'hang', input: {} })).rejects.toMatchObject({
      code: 'MCP_TOOL_TIMEOUT',
      message: expect.stringContaining('did not answer within 1 s'),
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await tools.call({ server: 'local', name: 'weather', input: { city: 'Oslo' } })).content).toEqual([
      { type: 'text', text: 'Sunny in Oslo, 21 °C' },
    ]);

    script = (request) => {
      if (isPlanner(request)) return { json: { tasks: [task('stuck', ['local__hang', 'local__weather'])] } };
      const results = toolResults(request);
      if (results.length === 0) return { toolCalls: [{ name: 'local__hang', arguments: {} }] };
      if (results.length === 1) return { toolCalls: [{ name: 'local__weather', arguments: { city: 'Rome' } }] };
      return { content: `After: ${results.map((result) => String(result.content)).join(' | ')}` };
    };
    const result = await harness.run('Use the stuck tool then the weather in Rome, and report both outcomes.', {
      model,
    });
    expect(result.reply).toContain('did not answer within 1 s');
    expect(result.reply).toContain('Sunny in Rome');
    expect((await harness.service.executions.get(result.executionId)).status).toBe('completed');
    const failed = harness.steps.find(
      (step) => step.executionId === result.executionId && step.tool === 'local__hang' && step.status === 'tool_result',
    );
    expect(failed?.toolCall?.error).toContain('did not answer within 1 s');
  });

  it('reports a crashed server with its reason and reconnects it', async () => {
    const first = await tools.call({ server: 'crashy', name: 'ping', input: {} });
    const states: string[] = [];
    const stop = hub.onChange(() => states.push(hub.statuses()[2]?.state ?? ''));
    await expect(tools.call({ server: 'crashy', name: 'crash', input: {} })).rejects.toMatchObject({
      code: 'MCP_TOOL_FAILED',
    });
    await vi.waitFor(() => expect(states).toContain('failed'), { timeout: 5000, interval: 20 });
    await connected();
    stop();
    const second = await tools.call({ server: 'crashy', name: 'ping', input: {} });
    expect(JSON.stringify(second.content)).not.toEqual(JSON.stringify(first.content));
    expect(JSON.stringify(second.content)).toContain('pong from');
  }, 20_000);

  it('offline: a request naming a tool runs it through the rule planner', async () => {
    expect(harness.service.route('Use the weather tool for Paris').kind).toBe('plan');
    const result = await harness.run('Use the weather tool for Paris');
    expect(result.reply).toContain('Sunny in Paris, 21 °C');
  });

  it('drops a server that is disabled, and says so in the status', async () => {
    const current = harness.config.get().tools.mcp_servers;
    await harness.config.update({
      section: 'tools',
      values: {
        mcp_servers: current.map((server) => (server.name === 'crashy' ? { ...server, enabled: false } : server)),
      },
    });
    expect(hub.statuses()[2]).toMatchObject({ name: 'crashy', state: 'disabled', toolCount: 0 });
    expect(hub.tools().some((tool) => tool.name.startsWith('crashy__'))).toBe(false);
    await expect(tools.call({ server: 'crashy', name: 'ping', input: {} })).rejects.toMatchObject({
      code: 'MCP_SERVER_NOT_FOUND',
    });
  });

  it('follows a hand edit of tools.yaml: the servers it no longer lists are closed', async () => {
    writeFileSync(
      join(harness.dir, 'config', 'tools.yaml'),
      `mcp_servers:\n  - name: local\n    transport: http\n    url: ${web.url}\n    timeout_seconds: 1\n`,
    );
    await harness.config.reload();
    expect(hub.statuses().map((status) => status.name)).toEqual(['local']);
    await vi.waitFor(() => expect(hub.statuses()[0]?.state).toBe('connected'), { timeout: 5000, interval: 20 });
    expect(
      hub
        .tools()
        .map((tool) => tool.name)
        .sort(),
    ).toEqual(['local__hang', 'local__weather']);
  });
});
