import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-runner';
import { startTestStudio, type TestStudio } from '../helpers';

const TOKEN = 'cli-token';

describe('studio config', () => {
  let server: TestStudio;
  beforeAll(async () => {
    server = await startTestStudio({ token: TOKEN });
  });
  afterAll(() => server.close());

  it('gets a section', async () => {
    const result = await runCli(['config', 'get', 'context', '--url', server.url, '--token', TOKEN]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ chunk_size: 1000, chunk_overlap: 100 });
  });

  it('sets values, which the server applies', async () => {
    const result = await runCli(['config', 'set', 'context', 'chunk_size=1200', 'use_mmr=false', '--url', server.url], {
      STUDIO_API_TOKEN: TOKEN,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/context is now at version \d+/);
    expect(server.studio.config.section('context')).toMatchObject({ chunk_size: 1200, use_mmr: false });
  });

  it('sets one key at a time as a patch: an earlier set survives a later one (issue 13.1)', async () => {
    const flags = ['--url', server.url, '--token', TOKEN];
    expect((await runCli(['config', 'set', 'orchestrator', 'max_iterations=9', ...flags])).code).toBe(0);
    expect((await runCli(['config', 'set', 'orchestrator', 'timeout_seconds=400', ...flags])).code).toBe(0);
    expect(server.studio.config.section('orchestrator')).toMatchObject({ max_iterations: 9, timeout_seconds: 400 });
  });

  it('reports a refused value with its field and exits non-zero', async () => {
    const result = await runCli([
      'config',
      'set',
      'context',
      'chunk_overlap=5000',
      '--url',
      server.url,
      '--token',
      TOKEN,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/chunk_overlap/);
  });

  it('explains a missing token and an unknown section', async () => {
    const unauthorized = await runCli(['config', 'get', '--url', server.url], { STUDIO_API_TOKEN: '' });
    expect(unauthorized.code).toBe(1);
    expect(unauthorized.stderr).toMatch(/needs an API token/);
    const unknown = await runCli(['config', 'get', 'gpu', '--url', server.url, '--token', TOKEN]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown section/);
  });

  it('prints usage for no command', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Usage: studio/);
  });
});
